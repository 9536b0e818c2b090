import type { WorkerConfig } from '../config/worker-config.js';
import { computeAssignment, parseAssignment, type AssignmentRecord } from '../distributed/assignment.js';
import { forwardRequest } from '../distributed/request-forwarder.js';
import type { JoinedGeneration } from '../distributed/worker-group-member.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { ConfigUpdateListener, KafkaConfigBackingStore, RestartRequestRecord } from '../storage/kafka-config-backing-store.js';
import type { KafkaStatusBackingStore } from '../storage/kafka-status-backing-store.js';
import type { TaskStatus } from '../storage/status-backing-store.js';
import { AssignmentExecutor } from './distributed-assignment-executor.js';
import type { ConnectMetrics } from '../metrics/connect-metrics.js';
import type { ConnectLoggers } from '../worker/connect-loggers.js';
import { ConnectorOffsetsService } from '../worker/connector-offsets.js';
import { AbstractHerder, type AbstractHerderOptions } from './abstract-herder.js';
import { AlreadyExistsException, ConnectRestException, NotFoundException } from './errors.js';
import type { Herder } from './herder.js';
import type { ClusterStatus, ConnectorInfo, ConnectorStateInfo, Created, RestartRequest } from './herder-types.js';

export interface DistributedHerderOptions extends AbstractHerderOptions {
  readonly config: WorkerConfig;
  readonly configStore: KafkaConfigBackingStore;
  readonly statusStore: KafkaStatusBackingStore;
  /** Getters: both are known only once the REST server is bound. */
  readonly identity: { readonly workerId: string; readonly url: string };
}

const REBALANCING = 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)';

/**
 * Kafka's DistributedHerder on a kafkajs group: config writes go to the config topic (on the
 * leader: a follower forwards REST writes to the leader's URL), states come from the status
 * topic, and what runs here is what the leader's assignment for the current generation says
 * (see AssignmentExecutor for the fencing). Mutations answer 409 while the group rebalances.
 */
export class DistributedHerder extends AbstractHerder<DistributedHerderOptions> implements Herder, ConfigUpdateListener {
  private generation: number | null = null;
  private isLeader = false;
  private members: ReadonlyMap<string, string> = new Map();
  private current: AssignmentRecord | null = null;
  readonly executor: AssignmentExecutor;

  constructor(o: DistributedHerderOptions) {
    super(o);
    this.executor = new AssignmentExecutor({ ...o, serial: (op) => this.serial(op), log: this.log });
    o.configStore.listener = this;
  }

  get workerId(): string {
    return this.o.identity.workerId;
  }

  private offsetsService: ConnectorOffsetsService | null = null;

  /** What REST needs beyond the Herder methods: the worker's loggers, metrics and plugins; offsets via the offsets topic. */
  restServices(): { loggers: ConnectLoggers; plugins: PluginRegistry; metrics: ConnectMetrics; offsets: ConnectorOffsetsService } {
    this.offsetsService ??= new ConnectorOffsetsService(this, this.o.worker.offsetStore, this.o.worker.kafka);
    return { loggers: this.o.worker.loggers, plugins: this.o.registry, metrics: this.o.worker.metrics, offsets: this.offsetsService };
  }

  /** Stops local work first (so nobody else starts it while it still runs), then the caller leaves the group. */
  async stop(): Promise<void> {
    this.onRevoked();
    await this.serial(() => this.executor.releaseAll());
  }

  private background(what: string, op: () => Promise<void>): void {
    void this.serial(op).catch((e: unknown) => this.log.error({ err: e }, `${what} failed`));
  }

  // ---- group events ----

  onRevoked(): void {
    this.generation = null;
    this.isLeader = false;
    this.executor.revoke();
  }

  onJoined(j: JoinedGeneration): void {
    this.generation = j.generation;
    this.isLeader = j.isLeader;
    this.members = j.members;
    if (j.isLeader) this.background('Publishing the assignment', () => this.publishAssignment(true));
    const existing = this.o.configStore.assignments().find(([g]) => g === j.generation);
    if (existing) this.onAssignment(existing[0], existing[1]);
  }

  private stable(): boolean {
    return this.generation !== null && this.current?.generation === this.generation;
  }

  /** Leader only: computes and writes `assignment-<generation>` (a new revision when only configs changed). */
  private async publishAssignment(rebalance: boolean): Promise<void> {
    const generation = this.generation;
    if (!this.isLeader || generation === null) return;
    await this.o.configStore.readToEnd();
    const all = this.o.configStore.assignments().map(([, v]) => parseAssignment(v)).filter((a): a is AssignmentRecord => a !== null);
    const previous = all.sort((a, b) => a.generation - b.generation || a.revision - b.revision).at(-1) ?? null;
    const sameGeneration = previous?.generation === generation ? previous : null;
    if (!rebalance && !sameGeneration) return; // the generation's first assignment is still to come
    const connectors = new Map(this.o.configStore.connectors().map((c) => [c, this.o.configStore.taskConfigs(c).length]));
    const members = rebalance ? this.members : new Map(Object.entries(sameGeneration!.workers).map(([w, a]) => [w, a.url]));
    const placed = computeAssignment({ members, connectors, previous, rebalance: rebalance && !sameGeneration });
    const workers = Object.fromEntries(Object.entries(placed).map(([w, a]) => [w, { url: members.get(w)!, ...a }]));
    if (sameGeneration && JSON.stringify(sameGeneration.workers) === JSON.stringify(workers)) return;
    if (this.generation !== generation || !this.isLeader) return;
    const record: AssignmentRecord = {
      version: 1, generation, revision: sameGeneration ? sameGeneration.revision + 1 : 0,
      leader: this.workerId, leaderUrl: this.o.identity.url, workers,
    };
    const old = this.o.configStore.assignments().map(([g]) => g).filter((g) => g < generation - 1);
    this.log.info({ generation, revision: record.revision, workers: Object.fromEntries(Object.entries(workers).map(([w, a]) => [w, a.tasks.length])) }, 'Publishing assignment');
    await this.o.configStore.putAssignment(generation, JSON.stringify(record), old);
  }

  // ---- config topic events ----

  onAssignment(generation: number, value: string): void {
    const record = parseAssignment(value);
    if (!record || generation !== this.generation) return;
    this.background('Applying the assignment', async () => {
      if (record.generation !== this.generation) return;
      if (this.current?.generation === record.generation && this.current.revision >= record.revision) return;
      this.current = record;
      await this.executor.apply(record);
    });
  }

  onConnectorConfigUpdate(connector: string): void {
    if (this.isLeader) this.background('Reassigning', () => this.publishAssignment(false));
    this.background('Restarting the reconfigured connector', () => this.executor.restartConnectorIfHeld(connector));
  }

  onConnectorConfigRemove(connector: string): void {
    this.background('Stopping the deleted connector', () => this.executor.connectorRemoved(connector));
    if (this.isLeader) this.background('Reassigning', () => this.publishAssignment(false));
  }

  onTaskConfigUpdate(connector: string): void {
    if (this.isLeader) this.background('Reassigning', () => this.publishAssignment(false));
    this.background('Applying new task configs', () => this.executor.taskConfigsChanged(connector));
  }

  onConnectorTargetStateChange(connector: string): void {
    this.background('Applying the target state', () => this.executor.targetStateChanged(connector));
  }

  onRestartRequest(r: RestartRequestRecord): void {
    this.background('Restarting', () => this.executor.restart(r));
  }

  // ---- REST: reads (the rest are AbstractHerder's) ----

  protected override statusTasks(name: string): TaskStatus[] {
    return this.o.statusStore.getAll(name).filter((t) => t.task < this.o.configStore.taskConfigs(name).length);
  }

  protected workerProps(): Readonly<Record<string, string>> {
    return this.o.config.originals;
  }

  async clusterStatus(): Promise<ClusterStatus> {
    const workers = Object.entries(this.current?.workers ?? {}).sort(([a], [b]) => a.localeCompare(b))
      .map(([worker_id, a]) => ({ worker_id, connectors: [...a.connectors].sort(), tasks: [...a.tasks] }));
    return { mode: 'distributed', kafka_cluster_id: await this.o.clusterId(), workers };
  }

  // ---- REST: writes (on the leader; followers forward) ----

  /** Runs `op` on the leader; a follower forwards the REST request; 409 while rebalancing. */
  private async onLeader<T>(op: () => Promise<T>, forward: (leaderUrl: string) => Promise<T>): Promise<T> {
    if (!this.stable()) throw new ConnectRestException(409, REBALANCING);
    if (!this.isLeader) return forward(this.current!.leaderUrl);
    return this.serial(async () => {
      if (!this.stable() || !this.isLeader) throw new ConnectRestException(409, REBALANCING);
      await this.o.configStore.readToEnd();
      return op();
    });
  }

  async putConnectorConfig(name: string, config: Record<string, string>, allowReplace: boolean): Promise<Created<ConnectorInfo>> {
    return this.onLeader(async () => {
      await this.requireValidConfig(config);
      const exists = this.o.configStore.contains(name);
      if (exists && !allowReplace) throw new AlreadyExistsException(`Connector ${name} already exists`);
      await this.o.configStore.putConnectorConfig(name, config);
      return { created: !exists, result: await this.connectorInfo(name) };
    }, async (url) => {
      const p = `/connectors/${encodeURIComponent(name)}`;
      const r = allowReplace
        ? await forwardRequest<ConnectorInfo>(url, 'PUT', `${p}/config`, config)
        : await forwardRequest<ConnectorInfo>(url, 'POST', '/connectors', { name, config });
      return { created: r.status === 201, result: r.body };
    });
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<Created<ConnectorInfo>> {
    if (!this.stable()) throw new ConnectRestException(409, REBALANCING);
    if (!this.isLeader) {
      const r = await forwardRequest<ConnectorInfo>(this.current!.leaderUrl, 'PATCH', `/connectors/${encodeURIComponent(name)}/config`, patch);
      return { created: false, result: r.body };
    }
    return this.putConnectorConfig(name, this.patchedConfig(name, patch), true);
  }

  async deleteConnectorConfig(name: string): Promise<void> {
    await this.onLeader(async () => {
      this.requireConnector(name);
      await this.o.configStore.removeConnectorConfig(name);
    }, async (url) => { await forwardRequest(url, 'DELETE', `/connectors/${encodeURIComponent(name)}`); });
  }

  async pauseConnector(name: string): Promise<void> {
    await this.targetState(name, 'PAUSED', 'pause', `Unknown connector ${name}`);
  }

  async resumeConnector(name: string): Promise<void> {
    await this.targetState(name, 'STARTED', 'resume', `Unknown connector ${name}`);
  }

  /** As Kafka: STOPPED also writes an empty set of task configs, so the tasks are gone everywhere. */
  async stopConnector(name: string): Promise<void> {
    await this.targetState(name, 'STOPPED', 'stop', `Unknown connector ${name}`);
  }

  private async targetState(name: string, state: 'STARTED' | 'PAUSED' | 'STOPPED', path: string, notFound: string): Promise<void> {
    await this.onLeader(async () => {
      this.requireConnector(name, notFound);
      await this.o.configStore.putTargetState(name, state);
      if (state === 'STOPPED') await this.o.configStore.putTaskConfigs(name, []);
    }, async (url) => { await forwardRequest(url, 'PUT', `/connectors/${encodeURIComponent(name)}/${path}`); });
  }

  /** Restarts run where the work is: here, or forwarded to the worker the assignment names. */
  async restartConnector(name: string): Promise<void> {
    if (!this.stable()) throw new ConnectRestException(409, REBALANCING);
    this.requireConnector(name, `Unknown connector: ${name}`); // Kafka's DistributedHerder wording
    const owner = Object.entries(this.current!.workers).find(([, a]) => a.connectors.includes(name));
    if (!owner) throw new ConnectRestException(409, REBALANCING);
    if (owner[0] !== this.workerId) {
      await forwardRequest(owner[1].url, 'POST', `/connectors/${encodeURIComponent(name)}/restart`);
      return;
    }
    await this.serial(() => this.executor.restart({ connector: name, includeTasks: false, onlyFailed: false }));
  }

  async restartTask(name: string, task: number): Promise<void> {
    if (!this.stable()) throw new ConnectRestException(409, REBALANCING);
    this.requireConnector(name, `Unknown connector: ${name}`);
    const owner = Object.entries(this.current!.workers).find(([, a]) => a.tasks.some((t) => t.connector === name && t.task === task));
    if (!owner) throw new NotFoundException(`Unknown task: ${name}-${task}`);
    if (owner[0] !== this.workerId) {
      await forwardRequest(owner[1].url, 'POST', `/connectors/${encodeURIComponent(name)}/tasks/${task}/restart`);
      return;
    }
    await this.serial(() => this.executor.restartTask({ connector: name, task }));
  }

  /** Kafka's way: the leader writes `restart-connector-<name>`; every worker restarts what it runs. */
  async restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo> {
    const name = request.connector;
    return this.onLeader(async () => {
      this.requireConnector(name, `Unknown connector: ${name}`);
      const status = await this.connectorStatus(name).catch(() => { throw new NotFoundException(`Status for connector ${name} not found`); });
      const restartConnector = !request.onlyFailed || status.connector.state === 'FAILED';
      await this.o.configStore.putRestartRequest(request);
      return {
        ...status,
        connector: restartConnector ? { ...status.connector, state: 'RESTARTING' as const } : status.connector,
        tasks: status.tasks.map((t) => (request.includeTasks && (!request.onlyFailed || t.state === 'FAILED') ? { ...t, state: 'RESTARTING' as const } : t)),
      };
    }, async (url) => (await forwardRequest<ConnectorStateInfo>(url, 'POST',
      `/connectors/${encodeURIComponent(name)}/restart?includeTasks=${request.includeTasks}&onlyFailed=${request.onlyFailed}`)).body);
  }
}
