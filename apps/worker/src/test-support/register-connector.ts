import { waitFor } from '@tsconnect/test-support';

export interface TaskStatus { id: number; state: string; worker_id: string; trace?: string }

/** POST /connectors (expects 201), then waits for task 0 RUNNING; a FAILED task throws its trace. */
export async function registerConnector(restUrl: string, connector: { name: string; config: Record<string, string> }): Promise<TaskStatus> {
  const res = await fetch(`${restUrl}/connectors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(connector),
  });
  if (res.status !== 201) throw new Error(`POST /connectors ${connector.name}: HTTP ${res.status} ${await res.text()}`);
  return waitFor(`${connector.name} task 0 RUNNING`, async () => {
    const body = (await (await fetch(`${restUrl}/connectors/${connector.name}/tasks/0/status`)).json()) as TaskStatus;
    if (body.state === 'FAILED') throw new Error(body.trace);
    return body.state === 'RUNNING' ? body : undefined;
  });
}
