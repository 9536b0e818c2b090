import { useState } from 'preact/hooks';
import { api, ApiError, enc } from './api.js';
import { Card, ErrorBox, Loading, StateBadge } from './components.js';
import { ConfigEditor } from './config-editor.js';
import { OffsetsPanel } from './offsets-panel.js';
import { CONNECTOR_TABS, href, type ConnectorTab } from './route.js';
import { TopicsPanel } from './topics-panel.js';
import type { ConnectorStatus } from './types.js';
import { usePoll } from './use-poll.js';

export function ConnectorView({ name, tab }: { name: string; tab: ConnectorTab }) {
  const status = usePoll(() => api<ConnectorStatus>('GET', `/connectors/${enc(name)}/status`), [name]);
  const config = usePoll(() => api<Record<string, string>>('GET', `/connectors/${enc(name)}/config`), [name], null);
  const [actionError, setActionError] = useState<string | null>(null);
  const act = async (method: string, path: string) => {
    setActionError(null);
    try {
      await api(method, path);
    } catch (e) {
      setActionError(e instanceof ApiError ? `${e.status}: ${e.message}` : (e as Error).message);
    }
    await status.refresh();
  };
  const base = `/connectors/${enc(name)}`;
  const s = status.data;
  return (
    <div>
      <Card title={<>{name} {s ? <StateBadge state={s.connector.state} /> : null}</>} actions={
        <>
          <button type="button" onClick={() => void act('POST', `${base}/restart?includeTasks=true&onlyFailed=false`)}>Restart</button>
          <button type="button" onClick={() => void act('PUT', `${base}/pause`)}>Pause</button>
          <button type="button" onClick={() => void act('PUT', `${base}/resume`)}>Resume</button>
          <button type="button" onClick={() => void act('PUT', `${base}/stop`)}>Stop</button>
          <button type="button" class="danger" onClick={() => {
            if (confirm(`Delete connector ${name}?`)) void act('DELETE', base).then(() => { location.hash = href({ page: 'connectors', filter: 'ALL' }); });
          }}>Delete</button>
        </>
      }>
        <ErrorBox error={actionError ?? status.error} />
        {s ? (
          <dl class="kv">
            <dt>Type</dt><dd>{s.type}</dd>
            <dt>Class</dt><dd class="mono">{config.data?.['connector.class'] ?? ''}</dd>
            <dt>Worker</dt><dd class="mono">{s.connector.worker_id}</dd>
          </dl>
        ) : <Loading />}
        {s?.connector.trace ? <details open><summary class="err">Connector error</summary><pre class="trace">{s.connector.trace}</pre></details> : null}
        <nav class="tabs">
          {CONNECTOR_TABS.map((t) => <a class={t === tab ? 'active' : ''} href={href({ page: 'connector', name, tab: t })}>{t}</a>)}
        </nav>
      </Card>
      {tab === 'overview' ? (
        <Card title="Tasks">
          {s && s.tasks.length === 0 ? <p class="muted">No tasks.</p> : null}
          {s && s.tasks.length > 0 ? (
            <table data-testid="tasks-table">
              <thead><tr><th>Task</th><th>State</th><th>Worker</th><th /></tr></thead>
              <tbody>
                {s.tasks.map((t) => (
                  <>
                    <tr key={t.id} data-task={t.id}>
                      <td>{name}-{t.id}</td>
                      <td><StateBadge state={t.state} /></td>
                      <td class="mono">{t.worker_id}</td>
                      <td><button type="button" onClick={() => void act('POST', `${base}/tasks/${t.id}/restart`)}>Restart task {t.id}</button></td>
                    </tr>
                    {t.trace ? <tr class="trace-row"><td colSpan={4}><details open><summary class="err">Error trace of task {t.id}</summary><pre class="trace">{t.trace}</pre></details></td></tr> : null}
                  </>
                ))}
              </tbody>
            </table>
          ) : null}
        </Card>
      ) : null}
      {tab === 'config' ? (
        <Card title="Configuration">
          <ErrorBox error={config.error} />
          {config.data ? <ConfigEditor initial={config.data} name={name} saveLabel="Save" onSave={async (c) => {
            await api('PUT', `${base}/config`, c);
            await config.refresh();
          }} /> : <Loading />}
        </Card>
      ) : null}
      {tab === 'offsets' ? <OffsetsPanel name={name} state={s?.connector.state} /> : null}
      {tab === 'topics' ? <TopicsPanel name={name} type={s?.type} config={config.data} /> : null}
    </div>
  );
}
