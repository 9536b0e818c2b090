import { useEffect, useState } from 'preact/hooks';
import { ClusterView } from './cluster-view.js';
import { ConnectorView } from './connector-view.js';
import { ConnectorsView } from './connectors-view.js';
import { CreateConnector } from './create-connector.js';
import { href, parseRoute, type Route } from './route.js';
import { TopicBrowser } from './topic-browser.js';

export function App() {
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [topic, setTopic] = useState('');
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const nav = (label: string, r: Route, active: boolean) => <a class={active ? 'active' : ''} href={href(r)}>{label}</a>;
  return (
    <>
      <header class="top">
        <a class="brand" href="#/">tsconnect</a>
        <nav>
          {nav('Cluster', { page: 'cluster' }, route.page === 'cluster')}
          {nav('Connectors', { page: 'connectors', filter: 'ALL' }, route.page === 'connectors' || route.page === 'connector')}
          {nav('Create', { page: 'new' }, route.page === 'new')}
        </nav>
        <form class="topic-jump" onSubmit={(e) => { e.preventDefault(); if (topic.trim()) location.hash = href({ page: 'topic', topic: topic.trim(), dlq: false }); }}>
          <input name="topic" placeholder="Browse topic…" value={topic} onInput={(e) => setTopic((e.target as HTMLInputElement).value)} />
        </form>
      </header>
      <main>
        {route.page === 'cluster' ? <ClusterView /> : null}
        {route.page === 'connectors' ? <ConnectorsView filter={route.filter} /> : null}
        {route.page === 'new' ? <CreateConnector /> : null}
        {route.page === 'connector' ? <ConnectorView name={route.name} tab={route.tab} key={route.name} /> : null}
        {route.page === 'topic' ? <TopicBrowser topic={route.topic} dlq={route.dlq} connector={route.connector} key={`${route.topic}-${route.dlq}-${route.connector ?? ''}`} /> : null}
      </main>
    </>
  );
}
