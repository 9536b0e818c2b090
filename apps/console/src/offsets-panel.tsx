import { useState } from 'preact/hooks';
import { api, ApiError, enc } from './api.js';
import { Card, ErrorBox, Loading } from './components.js';
import { usePoll } from './use-poll.js';

interface Offsets { offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> | null }[] }

/** KIP-875: `GET/PATCH/DELETE /connectors/{c}/offsets` (changes need the connector STOPPED). */
export function OffsetsPanel({ name, state }: { name: string; state: string | undefined }) {
  const path = `/connectors/${enc(name)}/offsets`;
  const offsets = usePoll(() => api<Offsets>('GET', path), [name]);
  const [edit, setEdit] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (method: string, body?: unknown) => {
    setMessage(null);
    try {
      const res = await api<{ message?: string }>(method, path, body);
      setMessage(res?.message ?? 'Done.');
      setEdit(null);
    } catch (e) {
      setMessage(e instanceof ApiError ? `${e.status}: ${e.message}` : (e as Error).message);
    }
    await offsets.refresh();
  };
  const notFound = offsets.error instanceof ApiError && offsets.error.status === 404;
  return (
    <Card title="Offsets" actions={
      <>
        <button type="button" onClick={() => setEdit(JSON.stringify({ offsets: offsets.data?.offsets ?? [] }, null, 2))}>Edit…</button>
        <button type="button" class="danger" onClick={() => void run('DELETE')}>Reset offsets</button>
      </>
    }>
      {state && state !== 'STOPPED' ? <p class="muted">Altering or resetting offsets needs the connector STOPPED (it is {state}).</p> : null}
      {message ? <p class="note" role="status">{message}</p> : null}
      {notFound ? <p class="muted">This worker does not implement the offsets API.</p> : <ErrorBox error={offsets.error} />}
      {edit !== null ? (
        <div class="editor">
          <textarea class="json" rows={12} value={edit} onInput={(e) => setEdit((e.target as HTMLTextAreaElement).value)} />
          <div class="actions">
            <button type="button" class="primary" onClick={() => {
              try { void run('PATCH', JSON.parse(edit)); } catch (e) { setMessage(`Not valid JSON: ${(e as Error).message}`); }
            }}>Apply (PATCH)</button>
            <button type="button" onClick={() => setEdit(null)}>Cancel</button>
          </div>
        </div>
      ) : null}
      {offsets.data ? (
        offsets.data.offsets.length === 0 ? <p class="muted">No offsets committed.</p> : (
          <table>
            <thead><tr><th>Partition</th><th>Offset</th></tr></thead>
            <tbody>{offsets.data.offsets.map((o) => <tr><td class="mono">{JSON.stringify(o.partition)}</td><td class="mono">{JSON.stringify(o.offset)}</td></tr>)}</tbody>
          </table>
        )
      ) : offsets.error ? null : <Loading />}
    </Card>
  );
}
