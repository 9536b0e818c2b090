/** A line read from the input: `position` is the byte offset just after its terminator (null for stdin). */
export interface SourceLine {
  readonly text: string;
  readonly position: number | null;
}

/** Where the source task gets its lines: a file (with offsets) or standard input (without). */
export interface LineSource {
  /** Up to `max` complete lines available now; [] when there is nothing new. Never blocks for new data. */
  read(max: number): Promise<SourceLine[]>;
  close(): Promise<void>;
}
