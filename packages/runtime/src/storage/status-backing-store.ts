/** Connector/task states as Kafka Connect reports them. */
export const CONNECT_STATES = ['UNASSIGNED', 'RUNNING', 'PAUSED', 'FAILED', 'STOPPED', 'RESTARTING', 'DESTROYED'] as const;
export type ConnectState = (typeof CONNECT_STATES)[number];

export interface ConnectorStatus {
  readonly connector: string;
  readonly state: ConnectState;
  readonly workerId: string;
  /** Stack trace when FAILED. */
  readonly trace: string | null;
  readonly generation: number;
}

export interface TaskStatus {
  readonly connector: string;
  readonly task: number;
  readonly state: ConnectState;
  readonly workerId: string;
  readonly trace: string | null;
  readonly generation: number;
}

/**
 * Where states live (Kafka's StatusBackingStore): in memory for standalone; a compacted
 * `status.storage.topic` (keys `status-connector-<name>`, `status-task-<name>-<n>`,
 * `status-topic-<topic>:connector-<name>`) for distributed mode.
 */
export interface StatusBackingStore {
  put(status: ConnectorStatus): void;
  putTask(status: TaskStatus): void;
  get(connector: string): ConnectorStatus | undefined;
  getTask(connector: string, task: number): TaskStatus | undefined;
  /** Task states of a connector, ordered by task number. */
  getAll(connector: string): TaskStatus[];
  /** Forgets the connector, its tasks and topics. */
  remove(connector: string): void;
  removeTask(connector: string, task: number): void;
  /** Records that the connector used `topic` (GET /connectors/{c}/topics). */
  putTopic(connector: string, topic: string): void;
  topics(connector: string): string[];
  resetTopics(connector: string): void;
}

/**
 * The local view both stores read from; the Kafka store also writes each change to the status
 * topic and fills the view by reading it back.
 */
export abstract class StatusSnapshot {
  protected readonly connectors = new Map<string, ConnectorStatus>();
  protected readonly tasks = new Map<string, Map<number, TaskStatus>>();
  protected readonly topicsByConnector = new Map<string, Set<string>>();

  get(connector: string): ConnectorStatus | undefined {
    return this.connectors.get(connector);
  }
  getTask(connector: string, task: number): TaskStatus | undefined {
    return this.tasks.get(connector)?.get(task);
  }
  getAll(connector: string): TaskStatus[] {
    return [...(this.tasks.get(connector)?.values() ?? [])].sort((a, b) => a.task - b.task);
  }
  topics(connector: string): string[] {
    return [...(this.topicsByConnector.get(connector) ?? [])].sort();
  }

  protected setTask(status: TaskStatus): void {
    const m = this.tasks.get(status.connector) ?? new Map<number, TaskStatus>();
    m.set(status.task, status);
    this.tasks.set(status.connector, m);
  }
  protected addTopic(connector: string, topic: string): void {
    const s = this.topicsByConnector.get(connector) ?? new Set<string>();
    s.add(topic);
    this.topicsByConnector.set(connector, s);
  }
  /** Forgets the connector, its tasks and topics. */
  protected forget(connector: string): void {
    this.connectors.delete(connector);
    this.tasks.delete(connector);
    this.topicsByConnector.delete(connector);
  }
}

export class MemoryStatusBackingStore extends StatusSnapshot implements StatusBackingStore {
  put(status: ConnectorStatus): void {
    this.connectors.set(status.connector, status);
  }
  putTask(status: TaskStatus): void {
    this.setTask(status);
  }
  remove(connector: string): void {
    this.forget(connector);
  }
  removeTask(connector: string, task: number): void {
    this.tasks.get(connector)?.delete(task);
  }
  putTopic(connector: string, topic: string): void {
    this.addTopic(connector, topic);
  }
  resetTopics(connector: string): void {
    this.topicsByConnector.delete(connector);
  }
}
