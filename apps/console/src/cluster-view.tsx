import { api, ApiError } from './api.js';
import { Card, ErrorBox, Loading } from './components.js';
import { href } from './route.js';
import type { ClusterStatus } from './types.js';
import { usePoll } from './use-poll.js';

interface Root { version: string; commit: string; kafka_cluster_id: string | null }

export function ClusterView() {
  const root = usePoll(() => api<Root>('GET', '/'), []);
  // /cluster/status is a tsconnect extra: absent on other workers, then the card is left out.
  const cluster = usePoll(() => api<ClusterStatus>('GET', '/cluster/status').catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }), []);
  return (
    <div>
      <Card title="Worker">
        <ErrorBox error={root.error} />
        {root.data ? (
          <dl class="kv">
            <dt>Version</dt><dd>{root.data.version}</dd>
            <dt>Commit</dt><dd>{root.data.commit}</dd>
            <dt>Kafka cluster</dt><dd data-testid="kafka-cluster-id">{root.data.kafka_cluster_id ?? '–'}</dd>
            {cluster.data ? <><dt>Mode</dt><dd>{cluster.data.mode}</dd></> : null}
          </dl>
        ) : <Loading />}
      </Card>
      {cluster.data ? (
        <Card title={`Workers (${cluster.data.workers.length})`}>
          <table>
            <thead><tr><th>Worker</th><th>Connectors</th><th>Tasks</th></tr></thead>
            <tbody>
              {cluster.data.workers.map((w) => (
                <tr key={w.worker_id}>
                  <td class="mono">{w.worker_id}</td>
                  <td>{w.connectors.map((c) => <a class="chip" href={href({ page: 'connector', name: c, tab: 'overview' })}>{c}</a>)}</td>
                  <td class="mono">{w.tasks.map((t) => `${t.connector}-${t.task}`).join(', ') || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : <ErrorBox error={cluster.error} />}
    </div>
  );
}
