import { api } from './api.js';
import { ErrorBox, Loading, StateBadge } from './components.js';
import { matchesFilter, stateCounts } from './model.js';
import { href, STATE_FILTERS, type StateFilter } from './route.js';
import type { ExpandedConnectors } from './types.js';
import { usePoll } from './use-poll.js';

export function ConnectorsView({ filter }: { filter: StateFilter }) {
  const { data, error } = usePoll(() => api<ExpandedConnectors>('GET', '/connectors?expand=status&expand=info'), []);
  const names = Object.keys(data ?? {}).sort();
  const counts = stateCounts(names.map((n) => data?.[n]?.status));
  const shown = names.filter((n) => matchesFilter(data?.[n]?.status, filter));
  return (
    <section class="card">
      <header class="card-head">
        <h2>Connectors</h2>
        <div class="actions"><a class="button primary" href={href({ page: 'new' })}>+ Create connector</a></div>
      </header>
      <nav class="filters" aria-label="state filter">
        {STATE_FILTERS.map((f) => (
          <a class={`chip ${f === filter ? 'active' : ''}`} href={href({ page: 'connectors', filter: f })} data-filter={f}>
            {f} <span class="count">{counts[f]}</span>
          </a>
        ))}
      </nav>
      <ErrorBox error={error} />
      {!data && !error ? <Loading /> : null}
      {data && shown.length === 0 ? <p class="muted">No connectors{filter === 'ALL' ? '' : ` in state ${filter}`}.</p> : null}
      {shown.length > 0 ? (
        <table data-testid="connectors-table">
          <thead><tr><th>Name</th><th>Type</th><th>Class</th><th>State</th><th>Tasks</th><th>Worker</th></tr></thead>
          <tbody>
            {shown.map((n) => {
              const s = data![n]!.status;
              const info = data![n]!.info;
              const failed = s?.tasks.filter((t) => t.state === 'FAILED').length ?? 0;
              return (
                <tr key={n} data-connector={n}>
                  <td><a href={href({ page: 'connector', name: n, tab: 'overview' })}>{n}</a></td>
                  <td>{s?.type ?? info?.type ?? '?'}</td>
                  <td class="mono small">{info?.config['connector.class']?.split('.').pop() ?? ''}</td>
                  <td>{s ? <StateBadge state={s.connector.state} /> : '?'}</td>
                  <td>{s ? `${s.tasks.length} task${s.tasks.length === 1 ? '' : 's'}` : ''}{failed > 0 ? <span class="badge state-failed">{failed} failed</span> : null}</td>
                  <td class="mono small">{s?.connector.worker_id ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
