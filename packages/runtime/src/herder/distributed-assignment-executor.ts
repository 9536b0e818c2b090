import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker-config.js';
import type { AssignmentRecord } from '../distributed/assignment.js';
import type { KafkaConfigBackingStore, RestartRequestRecord } from '../storage/kafka-config-backing-store.js';
import type { KafkaStatusBackingStore } from '../storage/kafka-status-backing-store.js';
import type { ConnectState } from '../storage/status-backing-store.js';
import type { Worker } from '../worker/worker.js';
import { taskIdString, type TaskStatusListener } from '../worker/worker-task.js';
import type { ConnectorTaskId } from './herder-types.js';

export interface AssignmentExecutorOptions {
  readonly worker: Worker;
  readonly config: WorkerConfig;
  readonly configStore: KafkaConfigBackingStore;
  readonly statusStore: KafkaStatusBackingStore;
  readonly identity: { readonly workerId: string };
  readonly serial: <T>(op: () => Promise<T>) => Promise<T>;
  readonly log: Logger;
}

/**
 * Makes this worker run exactly what the current assignment gives it. Fencing: before starting
 * a connector or task, the worker waits until the status topic shows that nobody else holds it
 * — the last status is by this worker, by a worker outside the generation (dead or expelled),
 * or UNASSIGNED/DESTROYED (released). A worker releases work (stop, then an acknowledged
 * UNASSIGNED status) as soon as it reads an assignment without it, and claims work (an
 * acknowledged RUNNING/PAUSED status with the generation) before starting it; a claim that lands
 * after the generation ended does not start anything. All state changes run through `serial`.
 */
export class AssignmentExecutor {
  /** Bumped whenever the generation ends: pending starts of the old one give up. */
  private epoch = 0;
  private current: AssignmentRecord | null = null;
  private readonly heldConnectors = new Set<string>();
  private readonly heldTasks = new Map<string, ConnectorTaskId>();
  /** Per task: instance number, so events of a stopped instance are ignored; and the config it runs. */
  private readonly instances = new Map<string, { n: number; config: string }>();

  constructor(private readonly o: AssignmentExecutorOptions) {}

  private get me(): string {
    return this.o.identity.workerId;
  }

  private get generation(): number {
    return this.current?.generation ?? -1;
  }

  revoke(): void {
    this.epoch++;
  }

  /** Called (serially) with each new assignment or revision of the current generation. */
  async apply(record: AssignmentRecord): Promise<void> {
    this.current = record;
    const epoch = this.epoch;
    const mine: { connectors: string[]; tasks: ConnectorTaskId[] } = record.workers[this.me] ?? { connectors: [], tasks: [] };
    const keepTasks = new Set(mine.tasks.map(taskIdString));
    const release = [...this.heldTasks.values()].filter((t) => !keepTasks.has(taskIdString(t)));
    await this.stopTasks(release, 'release');
    for (const c of [...this.heldConnectors].filter((c) => !mine.connectors.includes(c))) await this.stopConnector(c, 'release');
    for (const c of mine.connectors) if (!this.heldConnectors.has(c)) void this.startWhenFree({ kind: 'connector', connector: c }, epoch);
    for (const t of mine.tasks) if (!this.heldTasks.has(taskIdString(t))) void this.startWhenFree({ kind: 'task', id: t }, epoch);
  }

  private assigned(item: Item): boolean {
    const mine = this.current?.workers[this.me];
    if (!mine) return false;
    return item.kind === 'connector'
      ? mine.connectors.includes(item.connector)
      : mine.tasks.some((t) => t.connector === item.id.connector && t.task === item.id.task);
  }

  private isFree(item: Item): boolean {
    const s = item.kind === 'connector' ? this.o.statusStore.get(item.connector) : this.o.statusStore.getTask(item.id.connector, item.id.task);
    if (!s || s.workerId === this.me || s.state === 'UNASSIGNED' || s.state === 'DESTROYED') return true;
    return !(s.workerId in (this.current?.workers ?? {}));
  }

  private async startWhenFree(item: Item, epoch: number): Promise<void> {
    try {
      let logged = false;
      for (;;) {
        if (epoch !== this.epoch || !this.assigned(item)) return;
        await this.o.statusStore.readToEnd();
        if (this.isFree(item)) break;
        if (!logged) this.o.log.info({ item: itemName(item) }, 'Waiting for the previous owner to release it');
        logged = true;
        await new Promise((r) => setTimeout(r, 200));
      }
      await this.o.serial(async () => {
        if (epoch !== this.epoch || !this.assigned(item)) return;
        if (item.kind === 'connector') {
          if (this.heldConnectors.has(item.connector) || !this.o.configStore.contains(item.connector)) return;
          this.heldConnectors.add(item.connector);
          await this.o.statusStore.putAwait(this.connectorStatus(item.connector, this.claimState(item.connector)));
          if (epoch !== this.epoch) return; // claimed too late: the next assignment releases it
          await this.startConnector(item.connector);
        } else {
          const key = taskIdString(item.id);
          if (this.heldTasks.has(key) || !this.o.configStore.taskConfigs(item.id.connector)[item.id.task]) return;
          this.heldTasks.set(key, item.id);
          await this.o.statusStore.putTaskAwait(this.taskStatus(item.id, this.claimState(item.id.connector)));
          if (epoch !== this.epoch) return;
          this.startTask(item.id);
        }
      });
    } catch (e) {
      this.o.log.error({ err: e, item: itemName(item) }, 'Could not start assigned work');
    }
  }

  private claimState(connector: string): ConnectState {
    const t = this.o.configStore.targetState(connector);
    return t === 'PAUSED' ? 'PAUSED' : t === 'STOPPED' ? 'STOPPED' : 'RUNNING';
  }

  // ---- connectors ----

  private async startConnector(name: string): Promise<void> {
    const config = this.o.configStore.connectorConfig(name);
    if (!config) return;
    const target = this.o.configStore.targetState(name) ?? 'STARTED';
    if (target === 'STOPPED') {
      await this.o.statusStore.putAwait(this.connectorStatus(name, 'STOPPED'));
      return;
    }
    try {
      await this.o.worker.startConnector(name, config, {
        onFailure: (c, e) => this.o.statusStore.put(this.connectorStatus(c, 'FAILED', e)),
        requestTaskReconfiguration: (c) => {
          void this.o.serial(() => this.reconfigureTasks(c)).catch((e: unknown) => this.o.log.error({ err: e, connector: c }, 'Task reconfiguration failed'));
        },
      });
    } catch (e) {
      this.o.log.error({ err: e, connector: name }, 'Failed to start connector');
      await this.o.statusStore.putAwait(this.connectorStatus(name, 'FAILED', asError(e)));
      return;
    }
    this.o.log.info({ connector: name, generation: this.generation }, 'Started connector');
    await this.o.statusStore.putAwait(this.connectorStatus(name, target === 'PAUSED' ? 'PAUSED' : 'RUNNING'));
    await this.reconfigureTasks(name);
  }

  /** The connector's worker asks it for task configs and writes them when they changed. */
  private async reconfigureTasks(name: string): Promise<void> {
    if (!this.o.worker.isConnectorRunning(name) || !this.heldConnectors.has(name)) return;
    const config = this.o.configStore.connectorConfig(name);
    if (!config) return;
    let configs: Record<string, string>[];
    try {
      configs = await this.o.worker.connectorTaskConfigs(name, Number(config['tasks.max'] ?? 1));
    } catch (e) {
      await this.o.statusStore.putAwait(this.connectorStatus(name, 'FAILED', asError(e)));
      return;
    }
    if (JSON.stringify(configs) !== JSON.stringify(this.o.configStore.taskConfigs(name))) await this.o.configStore.putTaskConfigs(name, configs);
  }

  private async stopConnector(name: string, then: 'release' | 'remove'): Promise<void> {
    await this.o.worker.stopConnector(name);
    this.heldConnectors.delete(name);
    if (then === 'release') await this.o.statusStore.putAwait(this.connectorStatus(name, 'UNASSIGNED'));
  }

  async restartConnectorIfHeld(name: string): Promise<void> {
    if (!this.heldConnectors.has(name)) return;
    await this.o.worker.stopConnector(name);
    await this.startConnector(name);
  }

  async connectorRemoved(name: string): Promise<void> {
    await this.stopTasks([...this.heldTasks.values()].filter((t) => t.connector === name), 'remove');
    if (this.heldConnectors.has(name)) await this.stopConnector(name, 'remove');
    // Whoever ran the connector tombstones its statuses (every worker may: tombstones are idempotent).
    if (this.current?.workers[this.me]?.connectors.includes(name) || this.o.statusStore.get(name)?.workerId === this.me) {
      await this.o.statusStore.removeAwait(name);
    }
  }

  async targetStateChanged(name: string): Promise<void> {
    const state = this.o.configStore.targetState(name) ?? 'STARTED';
    if (this.heldConnectors.has(name)) {
      if (state === 'STOPPED') {
        await this.o.worker.stopConnector(name);
        await this.o.statusStore.putAwait(this.connectorStatus(name, 'STOPPED'));
      } else if (!this.o.worker.isConnectorRunning(name)) {
        await this.startConnector(name);
      } else {
        const s = this.o.statusStore.get(name);
        if (s?.state !== 'FAILED') await this.o.statusStore.putAwait(this.connectorStatus(name, state === 'PAUSED' ? 'PAUSED' : 'RUNNING'));
      }
    }
    if (state !== 'STOPPED') this.o.worker.setTargetState(name, state);
  }

  // ---- tasks ----

  private startTask(id: ConnectorTaskId): void {
    const config = this.o.configStore.connectorConfig(id.connector);
    const taskConfig = this.o.configStore.taskConfigs(id.connector)[id.task];
    if (!config || !taskConfig) return;
    const key = taskIdString(id);
    const n = (this.instances.get(key)?.n ?? 0) + 1;
    this.instances.set(key, { n, config: JSON.stringify(taskConfig) });
    const live = () => this.instances.get(key)?.n === n && this.heldTasks.has(key);
    const set = (state: ConnectState, e: Error | null = null) => { if (live()) this.o.statusStore.putTask(this.taskStatus(id, state, e)); };
    const listener: TaskStatusListener = {
      onStartup: () => set('RUNNING'),
      onPause: () => set('PAUSED'),
      onResume: () => set('RUNNING'),
      onFailure: (_i, e) => set('FAILED', e),
      onShutdown: () => undefined, // released explicitly, after the stop has finished
      onTopicUsed: (i, topic) => this.o.statusStore.putTopicStatus(i.connector, i.task, topic),
    };
    const target = this.o.configStore.targetState(id.connector) ?? 'STARTED';
    try {
      this.o.worker.startTask(id, config, taskConfig, target === 'STOPPED' ? 'PAUSED' : target, listener);
      this.o.log.info({ task: key, generation: this.generation }, 'Started task');
    } catch (e) {
      this.o.log.error({ err: e, task: key }, 'Failed to start task');
      set('FAILED', asError(e));
    }
  }

  private async stopTasks(ids: ConnectorTaskId[], then: 'release' | 'remove' | 'keep'): Promise<void> {
    if (ids.length === 0) return;
    for (const id of ids) this.instances.set(taskIdString(id), { n: (this.instances.get(taskIdString(id))?.n ?? 0) + 1, config: '' });
    await this.o.worker.stopTasks(ids);
    for (const id of ids) this.o.log.info({ task: taskIdString(id), generation: this.generation }, 'Stopped task');
    if (then === 'keep') return;
    for (const id of ids) this.heldTasks.delete(taskIdString(id));
    if (then === 'release') await Promise.all(ids.map((id) => this.o.statusStore.putTaskAwait(this.taskStatus(id, 'UNASSIGNED'))));
  }

  async restartTask(id: ConnectorTaskId): Promise<void> {
    if (!this.heldTasks.has(taskIdString(id))) return;
    await this.stopTasks([id], 'keep');
    await this.o.statusStore.putTaskAwait(this.taskStatus(id, 'RESTARTING'));
    this.startTask(id);
  }

  /** Tasks of `connector` held here restart when their config changed; tasks beyond the new count stop. */
  async taskConfigsChanged(connector: string): Promise<void> {
    const configs = this.o.configStore.taskConfigs(connector);
    for (const id of [...this.heldTasks.values()].filter((t) => t.connector === connector)) {
      const now = configs[id.task];
      if (!now) await this.stopTasks([id], 'release');
      else if (this.instances.get(taskIdString(id))?.config !== JSON.stringify(now)) await this.restartTask(id);
    }
  }

  async restart(r: RestartRequestRecord): Promise<void> {
    const c = this.o.statusStore.get(r.connector);
    if (this.heldConnectors.has(r.connector) && (!r.onlyFailed || c?.state === 'FAILED')) {
      await this.o.statusStore.putAwait(this.connectorStatus(r.connector, 'RESTARTING'));
      await this.restartConnectorIfHeld(r.connector);
    }
    if (!r.includeTasks) return;
    for (const id of [...this.heldTasks.values()].filter((t) => t.connector === r.connector)) {
      if (!r.onlyFailed || this.o.statusStore.getTask(id.connector, id.task)?.state === 'FAILED') await this.restartTask(id);
    }
  }

  /** Worker shutdown: stop everything and release it so others may start it at once. */
  async releaseAll(): Promise<void> {
    this.epoch++;
    await this.stopTasks([...this.heldTasks.values()], 'release');
    for (const c of [...this.heldConnectors]) await this.stopConnector(c, 'release');
  }

  private connectorStatus(connector: string, state: ConnectState, e: Error | null = null) {
    return { connector, state, workerId: this.me, trace: e ? (e.stack ?? e.message) : null, generation: this.generation };
  }

  private taskStatus(id: ConnectorTaskId, state: ConnectState, e: Error | null = null) {
    return { ...id, state, workerId: this.me, trace: e ? (e.stack ?? e.message) : null, generation: this.generation };
  }
}

type Item = { kind: 'connector'; connector: string } | { kind: 'task'; id: ConnectorTaskId };

function itemName(item: Item): string {
  return item.kind === 'connector' ? item.connector : taskIdString(item.id);
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
