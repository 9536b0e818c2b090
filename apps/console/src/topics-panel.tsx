import { api, ApiError, enc } from './api.js';
import { Card, ErrorBox, formatRate, Loading } from './components.js';
import { href } from './route.js';
import type { TopicSummary } from './types.js';
import { usePoll } from './use-poll.js';

/**
 * The connector's active topics (`GET /connectors/{c}/topics`) plus, for sinks, the configured
 * `topics` and the DLQ, each with its size and throughput; sinks also show the lag of their
 * consumer group `connect-<name>`.
 */
export function TopicsPanel({ name, type, config }: { name: string; type: string | undefined; config: Record<string, string> | undefined }) {
  const active = usePoll(() => api<Record<string, { topics: string[] }>>('GET', `/connectors/${enc(name)}/topics`), [name]);
  const configured = (config?.['topics'] ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  const dlq = config?.['errors.deadletterqueue.topic.name']?.trim();
  const topics = [...new Set([...(active.data?.[name]?.topics ?? []), ...(type === 'sink' ? configured : [])])].sort();
  return (
    <Card title="Topics">
      <ErrorBox error={active.error} />
      {!active.data && !active.error ? <Loading /> : null}
      {active.data && topics.length === 0 ? <p class="muted">No topics used yet.</p> : null}
      {topics.length > 0 ? (
        <table data-testid="topics-table">
          <thead><tr><th>Topic</th><th>Partitions</th><th>Messages</th><th>Throughput</th>{type === 'sink' ? <th>Consumer lag</th> : null}<th /></tr></thead>
          <tbody>{topics.map((t) => <TopicRow topic={t} group={type === 'sink' ? `connect-${name}` : undefined} connector={name} />)}</tbody>
        </table>
      ) : null}
      {dlq ? <p>Dead letter queue: <a href={href({ page: 'topic', topic: dlq, dlq: true })}>{dlq}</a></p> : null}
    </Card>
  );
}

function TopicRow({ topic, group, connector }: { topic: string; group: string | undefined; connector: string }) {
  const q = group ? `?group=${enc(group)}` : '';
  const s = usePoll(() => api<TopicSummary>('GET', `/ui/api/topics/${enc(topic)}/summary${q}`), [topic, group]);
  const missing = s.error instanceof ApiError && s.error.status === 404;
  return (
    <tr data-topic={topic}>
      <td><a href={href({ page: 'topic', topic, dlq: false, connector })}>{topic}</a></td>
      {missing ? <td colSpan={group ? 4 : 3} class="muted">topic does not exist (yet)</td> : s.error ? <td colSpan={group ? 4 : 3}><ErrorBox error={s.error} /></td> : (
        <>
          <td>{s.data?.partitions.length ?? '…'}</td>
          <td>{s.data?.messages ?? '…'}</td>
          <td>{s.data ? formatRate(s.data.messagesPerSecond) : '…'}</td>
          {group ? <td data-testid="lag">{s.data?.lag ?? '…'}</td> : null}
        </>
      )}
      <td><a href={href({ page: 'topic', topic, dlq: true })}>as DLQ</a></td>
    </tr>
  );
}
