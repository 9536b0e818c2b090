import type { ConnectorTaskId } from '../herder/herder-types.js';

/** What one worker runs in a generation. */
export interface WorkerAssignment {
  readonly url: string;
  readonly connectors: string[];
  readonly tasks: ConnectorTaskId[];
}

/**
 * The leader's decision for one group generation, written to the config topic as
 * `assignment-<generation>`. `revision` grows when the leader reassigns within the same
 * generation (a connector was created or deleted, a task count changed).
 */
export interface AssignmentRecord {
  readonly version: 1;
  readonly generation: number;
  readonly revision: number;
  readonly leader: string;
  readonly leaderUrl: string;
  /** Every member of the generation (also those with nothing to run), by worker id. */
  readonly workers: Record<string, WorkerAssignment>;
}

export interface AssignmentInput {
  /** Live members: worker id → REST URL. */
  readonly members: ReadonlyMap<string, string>;
  /** Connectors and the number of committed task configs of each. */
  readonly connectors: ReadonlyMap<string, number>;
  /** The last assignment (any generation), or null. */
  readonly previous: AssignmentRecord | null;
  /**
   * Moving work between live members only happens at a new generation; within one generation
   * (revisions) new work is placed and removed work dropped, nothing else moves.
   */
  readonly rebalance: boolean;
}

/**
 * Kafka Connect's incremental cooperative idea, simplified: everything a live member ran keeps
 * running there; work of departed members and new work goes to the least loaded member
 * (round-robin on an even cluster); then, on a rebalance, members with more than their fair share
 * give up work (highest ids first) until counts differ by at most one. Connectors and tasks are
 * balanced separately, as Kafka does.
 */
export function computeAssignment(input: AssignmentInput): Record<string, { connectors: string[]; tasks: ConnectorTaskId[] }> {
  const workers = [...input.members.keys()].sort();
  const out: Record<string, { connectors: string[]; tasks: ConnectorTaskId[] }> = {};
  for (const w of workers) out[w] = { connectors: [], tasks: [] };
  if (workers.length === 0) return out;

  const connectorOwner = new Map<string, string>();
  const taskOwner = new Map<string, string>();
  for (const [w, a] of Object.entries(input.previous?.workers ?? {})) {
    if (!input.members.has(w)) continue;
    for (const c of a.connectors) if (input.connectors.has(c)) connectorOwner.set(c, w);
    for (const t of a.tasks) if (t.task < (input.connectors.get(t.connector) ?? 0)) taskOwner.set(key(t), w);
  }
  const allConnectors = [...input.connectors.keys()].sort();
  const allTasks: ConnectorTaskId[] = [];
  for (const c of allConnectors) for (let task = 0; task < input.connectors.get(c)!; task++) allTasks.push({ connector: c, task });

  place(workers, allConnectors, (c) => c, connectorOwner, input.rebalance);
  place(workers, allTasks, key, taskOwner, input.rebalance);
  for (const c of allConnectors) out[connectorOwner.get(c)!]!.connectors.push(c);
  for (const t of allTasks) out[taskOwner.get(key(t))!]!.tasks.push(t);
  return out;
}

function place<T>(workers: string[], items: T[], id: (t: T) => string, owner: Map<string, string>, rebalance: boolean): void {
  const load = new Map(workers.map((w) => [w, 0]));
  for (const item of items) {
    const w = owner.get(id(item));
    if (w !== undefined) load.set(w, load.get(w)! + 1);
  }
  const leastLoaded = () => workers.reduce((best, w) => (load.get(w)! < load.get(best)! ? w : best));
  if (rebalance) {
    // Fair share: floor(n/k), and the first (n mod k) workers by load may keep one more.
    const fair = Math.floor(items.length / workers.length);
    let extra = items.length % workers.length;
    const byLoad = [...workers].sort((a, b) => load.get(b)! - load.get(a)! || a.localeCompare(b));
    for (const w of byLoad) {
      let allowed = fair;
      if (extra > 0 && load.get(w)! > fair) { allowed = fair + 1; extra--; }
      const owned = items.filter((i) => owner.get(id(i)) === w).map(id).sort().reverse();
      for (const k of owned.slice(0, Math.max(0, owned.length - allowed))) {
        owner.delete(k);
        load.set(w, load.get(w)! - 1);
      }
    }
  }
  for (const item of items) {
    if (owner.has(id(item))) continue;
    const w = leastLoaded();
    owner.set(id(item), w);
    load.set(w, load.get(w)! + 1);
  }
}

function key(t: ConnectorTaskId): string {
  return `${t.connector}\u0000${String(t.task).padStart(6, '0')}`;
}

/** Reads an `assignment-<generation>` value; null for anything else. */
export function parseAssignment(text: string): AssignmentRecord | null {
  try {
    const v = JSON.parse(text) as AssignmentRecord;
    if (v.version !== 1 || typeof v.generation !== 'number' || typeof v.workers !== 'object') return null;
    return v;
  } catch {
    return null;
  }
}
