import { useEffect, useRef, useState } from 'preact/hooks';
import { api, enc } from './api.js';
import { Card, ErrorBox, formatRate } from './components.js';
import { dataText, dlqHeaders } from './model.js';
import { href } from './route.js';
import type { BrowsedMessage, MessagesPage, TopicSummary } from './types.js';
import { POLL_MS, usePoll } from './use-poll.js';

const MAX_SHOWN = 500;

/**
 * Any topic's records (key, value decoded by the worker's or connector's converter, headers,
 * partition, offset, timestamp). Live tail polls `from=<next positions>` every 2 s and appends.
 * The DLQ view puts each record's `__connect.errors.*` headers first.
 */
export function TopicBrowser({ topic, dlq, connector }: { topic: string; dlq: boolean; connector: string | undefined }) {
  const [from, setFrom] = useState(dlq ? 'beginning' : 'end');
  const [limit, setLimit] = useState('50');
  const [tail, setTail] = useState(false);
  const [messages, setMessages] = useState<BrowsedMessage[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const next = useRef('');
  const summary = usePoll(() => api<TopicSummary>('GET', `/ui/api/topics/${enc(topic)}/summary`), [topic]);
  const conn = connector ? `&connector=${enc(connector)}` : '';

  const load = async (position: string, append: boolean) => {
    try {
      const page = await api<MessagesPage>('GET', `/ui/api/topics/${enc(topic)}/messages?from=${enc(position)}&limit=${enc(limit)}${conn}`);
      next.current = page.next;
      setMessages((prev) => (append ? [...prev, ...page.messages].slice(-MAX_SHOWN) : page.messages));
      setError(null);
    } catch (e) {
      setError(e as Error);
    }
  };
  useEffect(() => { void load(from, false); }, [topic, connector]);
  useEffect(() => {
    if (!tail) return undefined;
    const t = setInterval(() => void load(next.current || 'end', true), POLL_MS);
    return () => clearInterval(t);
  }, [tail, topic, limit, connector]);

  return (
    <div>
      <Card title={<>{dlq ? 'Dead letter queue ' : 'Topic '}<span class="mono">{topic}</span></>} actions={
        <a href={href({ page: 'topic', topic, dlq: !dlq, ...(connector ? { connector } : {}) })}>{dlq ? 'plain view' : 'DLQ view'}</a>
      }>
        {summary.data ? (
          <p class="muted" data-testid="topic-summary">
            {summary.data.partitions.length} partition(s) · {summary.data.messages} messages · {formatRate(summary.data.messagesPerSecond)}
            {' · end offsets '}{summary.data.partitions.map((p) => `${p.partition}:${p.latest}`).join(', ')}
          </p>
        ) : <ErrorBox error={summary.error} />}
        <form class="form-row" onSubmit={(e) => { e.preventDefault(); void load(from, false); }}>
          <label>From <input name="from" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} title="beginning, end, an offset, or partition:offset,…" /></label>
          <label>Limit <input name="limit" size={5} value={limit} onInput={(e) => setLimit((e.target as HTMLInputElement).value)} /></label>
          <button type="submit" class="primary">Load</button>
          <label class="check"><input type="checkbox" name="tail" checked={tail} onChange={(e) => setTail((e.target as HTMLInputElement).checked)} /> Live tail</label>
        </form>
        <ErrorBox error={error} />
      </Card>
      <div data-testid="messages">
        {messages.length === 0 && !error ? <p class="muted">No messages.</p> : null}
        {messages.map((m) => <MessageCard m={m} dlq={dlq} key={`${m.partition}-${m.offset}`} />)}
      </div>
    </div>
  );
}

function MessageCard({ m, dlq }: { m: BrowsedMessage; dlq: boolean }) {
  const errs = dlqHeaders(m);
  const other = m.headers.filter((h) => !h.key.startsWith('__connect.errors.'));
  const errorBlock = errs.length > 0 ? (
    <div class="dlq" data-testid="dlq-headers">
      <h3>Connect error</h3>
      <dl class="kv">
        {errs.filter((e) => !e.name.includes('stacktrace')).map((e) => <><dt class="mono">__connect.errors.{e.name}</dt><dd class="mono">{e.value}</dd></>)}
      </dl>
      {errs.filter((e) => e.name.includes('stacktrace')).map((e) => <details><summary>__connect.errors.{e.name}</summary><pre class="trace">{e.value}</pre></details>)}
    </div>
  ) : null;
  return (
    <article class={`message ${errs.length > 0 ? 'has-error' : ''}`} data-offset={m.offset} data-partition={m.partition}>
      <header class="msg-head mono">
        <span>partition {m.partition}</span><span>offset {m.offset}</span><span>{new Date(m.timestamp).toISOString()}</span>
        {m.value && m.value.format === 'converter' ? <span class="badge">{m.value.converter}</span> : m.value ? <span class="badge">{m.value.format}</span> : null}
      </header>
      {dlq ? errorBlock : null}
      <div class="kvrow"><span class="label">key</span><pre class="data">{dataText(m.key)}</pre></div>
      <div class="kvrow"><span class="label">value</span><pre class="data">{dataText(m.value)}</pre></div>
      {m.value && m.value.format !== 'converter' && m.value.error ? <p class="muted small">not decoded: {m.value.error}</p> : null}
      {!dlq ? errorBlock : null}
      {other.length > 0 ? (
        <div class="kvrow"><span class="label">headers</span>
          <div class="headers">{other.map((h) => <span class="chip mono">{h.key}={h.value ?? `base64:${h.base64 ?? ''}`}</span>)}</div>
        </div>
      ) : null}
    </article>
  );
}
