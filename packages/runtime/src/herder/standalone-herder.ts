import type { TargetState } from '../storage/config-backing-store.js';
import type { ConnectState } from '../storage/status-backing-store.js';
import { taskIdString, type TaskStatusListener } from '../worker/worker-task.js';
import { AbstractHerder, type AbstractHerderOptions } from './abstract-herder.js';
import { AlreadyExistsException, NotFoundException } from './errors.js';
import type { Herder } from './herder.js';
import type { ClusterStatus, ConnectorInfo, ConnectorStateInfo, ConnectorTaskId, Created, RestartRequest } from './herder-types.js';

export interface StandaloneHerderOptions extends AbstractHerderOptions {
  readonly workerId: string;
}

/**
 * Every connector and task in this process (Kafka's StandaloneHerder). Configs live in a
 * ConfigBackingStore (memory), states in a StatusBackingStore. Mutations run one at a time
 * through a queue, as Kafka's synchronized herder methods.
 */
export class StandaloneHerder extends AbstractHerder<StandaloneHerderOptions> implements Herder {
  /** Incremented per task start so late events of a replaced task instance are ignored. */
  private readonly taskGeneration = new Map<string, number>();

  /** Read through the options: the port (and so the id) is known only once REST is bound. */
  get workerId(): string {
    return this.o.workerId;
  }

  async stop(): Promise<void> {
    await this.serial(() => this.o.worker.stop());
  }

  async putConnectorConfig(name: string, config: Record<string, string>, allowReplace: boolean): Promise<Created<ConnectorInfo>> {
    await this.requireValidConfig(config);
    return this.serial(async () => {
      const exists = this.o.configStore.contains(name);
      if (exists && !allowReplace) throw new AlreadyExistsException(`Connector ${name} already exists`);
      if (exists) await this.stopConnectorAndTasks(name);
      await this.o.configStore.putConnectorConfig(name, config);
      await this.startConnector(name);
      return { created: !exists, result: await this.connectorInfo(name) };
    });
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<Created<ConnectorInfo>> {
    return this.putConnectorConfig(name, this.patchedConfig(name, patch), true);
  }

  async deleteConnectorConfig(name: string): Promise<void> {
    await this.serial(async () => {
      this.requireConnector(name);
      await this.stopConnectorAndTasks(name);
      await this.o.configStore.removeConnectorConfig(name);
      this.o.statusStore.remove(name);
    });
  }

  async restartConnector(name: string): Promise<void> {
    await this.serial(async () => {
      this.requireConnector(name);
      await this.o.worker.stopConnector(name);
      await this.startConnector(name, { keepTasks: true });
    });
  }

  async restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo> {
    const name = request.connector;
    this.requireConnector(name, `Unknown connector: ${name}`);
    const current = this.o.statusStore.get(name);
    if (!current) throw new NotFoundException(`Status for connector ${name} not found`);
    const restartConnector = !request.onlyFailed || current.state === 'FAILED';
    const tasks = request.includeTasks
      ? this.o.statusStore.getAll(name).filter((t) => !request.onlyFailed || t.state === 'FAILED').map((t) => t.task)
      : [];
    if (restartConnector) this.setConnectorState(name, 'RESTARTING', null);
    for (const task of tasks) this.setTaskState({ connector: name, task }, 'RESTARTING', null);
    const snapshot = await this.connectorStatus(name);
    // Like Kafka, answer with the RESTARTING states and do the restarts afterwards.
    void this.serial(async () => {
      if (!this.o.configStore.contains(name)) return;
      const ids = tasks.map((task) => ({ connector: name, task }));
      await this.o.worker.stopTasks(ids);
      if (restartConnector) {
        await this.o.worker.stopConnector(name);
        await this.startConnector(name, { keepTasks: true });
      }
      // startConnector may already have restarted every task (when none was running).
      const runningNow = new Set(this.o.worker.taskIds(name).map((id) => id.task));
      for (const id of ids) if (!runningNow.has(id.task)) this.startTask(id);
    }).catch((e: unknown) => this.log.error({ err: e, connector: name }, 'Restart failed'));
    return snapshot;
  }

  async restartTask(name: string, task: number): Promise<void> {
    await this.serial(async () => {
      this.requireConnector(name);
      if (task < 0 || task >= this.o.configStore.taskConfigs(name).length) throw new NotFoundException(`Task ${name}-${task} not found`);
      const id = { connector: name, task };
      await this.o.worker.stopTasks([id]);
      this.startTask(id);
    });
  }

  async pauseConnector(name: string): Promise<void> {
    await this.serial(async () => {
      this.requireConnector(name, `Unknown connector ${name}`);
      await this.applyTargetState(name, 'PAUSED');
    });
  }

  async resumeConnector(name: string): Promise<void> {
    await this.serial(async () => {
      this.requireConnector(name, `Unknown connector ${name}`);
      await this.applyTargetState(name, 'STARTED');
    });
  }

  async stopConnector(name: string): Promise<void> {
    await this.serial(async () => {
      // Kafka's StandaloneHerder fails with a 500 here; we answer DistributedHerder's 404.
      this.requireConnector(name, `Unknown connector ${name}`);
      await this.applyTargetState(name, 'STOPPED');
    });
  }

  async clusterStatus(): Promise<ClusterStatus> {
    return {
      mode: 'standalone',
      kafka_cluster_id: await this.o.clusterId(),
      workers: [{
        worker_id: this.workerId,
        connectors: this.o.worker.connectorNames().sort(),
        tasks: this.o.worker.allTaskIds().sort((a, b) => a.connector.localeCompare(b.connector) || a.task - b.task),
      }],
    };
  }

  protected workerProps(): Readonly<Record<string, string>> {
    return this.o.worker.config.originals;
  }

  // ---- lifecycle (always called inside `serial`) ----

  private async applyTargetState(name: string, state: TargetState): Promise<void> {
    const previous = this.o.configStore.targetState(name);
    await this.o.configStore.putTargetState(name, state);
    if (state === 'STOPPED') {
      await this.stopConnectorAndTasks(name);
      await this.o.configStore.putTaskConfigs(name, []);
      for (const t of this.o.statusStore.getAll(name)) this.o.statusStore.removeTask(name, t.task);
      this.setConnectorState(name, 'STOPPED', null);
      return;
    }
    if (previous === 'STOPPED' || !this.o.worker.isConnectorRunning(name)) {
      await this.startConnector(name);
      return;
    }
    this.o.worker.setTargetState(name, state);
    const current = this.o.statusStore.get(name);
    if (current?.state !== 'FAILED') this.setConnectorState(name, state === 'PAUSED' ? 'PAUSED' : 'RUNNING', null);
  }

  private async startConnector(name: string, opts: { keepTasks?: boolean } = {}): Promise<void> {
    const config = this.o.configStore.connectorConfig(name)!;
    const target = this.o.configStore.targetState(name) ?? 'STARTED';
    if (target === 'STOPPED') {
      this.setConnectorState(name, 'STOPPED', null);
      return;
    }
    try {
      await this.o.worker.startConnector(name, config, {
        onFailure: (connector, error) => this.setConnectorState(connector, 'FAILED', error),
        requestTaskReconfiguration: (connector) => {
          void this.serial(() => this.updateConnectorTasks(connector)).catch((e: unknown) =>
            this.log.error({ err: e, connector }, 'Task reconfiguration failed'));
        },
      });
    } catch (e) {
      this.log.error({ err: e, connector: name }, 'Failed to start connector');
      this.setConnectorState(name, 'FAILED', asError(e));
      return;
    }
    this.setConnectorState(name, target === 'PAUSED' ? 'PAUSED' : 'RUNNING', null);
    await this.updateConnectorTasks(name, opts.keepTasks ?? false);
  }

  /** Asks the connector for task configs; restarts tasks when they changed (or none run). */
  private async updateConnectorTasks(name: string, keepUnchanged = true): Promise<void> {
    if (!this.o.worker.isConnectorRunning(name)) return;
    const config = this.o.configStore.connectorConfig(name)!;
    let configs: Record<string, string>[];
    try {
      configs = await this.o.worker.connectorTaskConfigs(name, Number(config['tasks.max'] ?? 1));
    } catch (e) {
      this.setConnectorState(name, 'FAILED', asError(e));
      return;
    }
    const old = this.o.configStore.taskConfigs(name);
    const running = this.o.worker.taskIds(name);
    const unchanged = JSON.stringify(old) === JSON.stringify(configs);
    if (unchanged && keepUnchanged && running.length === configs.length) return;
    await this.o.worker.stopTasks(running);
    for (let t = configs.length; t < old.length; t++) this.o.statusStore.removeTask(name, t);
    await this.o.configStore.putTaskConfigs(name, configs);
    for (let task = 0; task < configs.length; task++) this.startTask({ connector: name, task });
  }

  private startTask(id: ConnectorTaskId): void {
    const config = this.o.configStore.connectorConfig(id.connector)!;
    const taskConfig = this.o.configStore.taskConfigs(id.connector)[id.task]!;
    const key = taskIdString(id);
    const gen = (this.taskGeneration.get(key) ?? 0) + 1;
    this.taskGeneration.set(key, gen);
    const current = () => this.taskGeneration.get(key) === gen;
    const listener: TaskStatusListener = {
      onStartup: (i) => current() && this.setTaskState(i, 'RUNNING', null),
      onPause: (i) => current() && this.setTaskState(i, 'PAUSED', null),
      onResume: (i) => current() && this.setTaskState(i, 'RUNNING', null),
      onFailure: (i, e) => current() && this.setTaskState(i, 'FAILED', e),
      onShutdown: (i) => current() && this.o.statusStore.getTask(i.connector, i.task) && this.setTaskState(i, 'UNASSIGNED', null),
      onTopicUsed: (i, topic) => this.o.statusStore.putTopic(i.connector, topic),
    };
    this.setTaskState(id, 'UNASSIGNED', null);
    try {
      this.o.worker.startTask(id, config, taskConfig, this.o.configStore.targetState(id.connector) ?? 'STARTED', listener);
    } catch (e) {
      this.log.error({ err: e, task: key }, 'Failed to start task');
      this.setTaskState(id, 'FAILED', asError(e));
    }
  }

  private async stopConnectorAndTasks(name: string): Promise<void> {
    const ids = this.o.worker.taskIds(name);
    for (const id of ids) this.taskGeneration.set(taskIdString(id), (this.taskGeneration.get(taskIdString(id)) ?? 0) + 1);
    await this.o.worker.stopTasks(ids);
    await this.o.worker.stopConnector(name);
  }

  private setConnectorState(connector: string, state: ConnectState, error: Error | null): void {
    this.o.statusStore.put({ connector, state, workerId: this.workerId, trace: error ? traceOf(error) : null, generation: 0 });
  }

  private setTaskState(id: ConnectorTaskId, state: ConnectState, error: Error | null): boolean {
    this.o.statusStore.putTask({ ...id, state, workerId: this.workerId, trace: error ? traceOf(error) : null, generation: 0 });
    return true;
  }

}

function traceOf(e: Error): string {
  return e.stack ?? `${e.name}: ${e.message}`;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
