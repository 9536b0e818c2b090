/** The console's pages; the URL hash holds them so the worker only ever serves index.html. */
export type Route =
  | { readonly page: 'cluster' }
  | { readonly page: 'connectors'; readonly filter: StateFilter }
  | { readonly page: 'new' }
  | { readonly page: 'connector'; readonly name: string; readonly tab: ConnectorTab }
  | { readonly page: 'topic'; readonly topic: string; readonly dlq: boolean; readonly connector?: string };

export const STATE_FILTERS = ['ALL', 'RUNNING', 'PAUSED', 'FAILED', 'STOPPED'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];
export const CONNECTOR_TABS = ['overview', 'config', 'offsets', 'topics'] as const;
export type ConnectorTab = (typeof CONNECTOR_TABS)[number];

/** `#/connectors?state=FAILED`, `#/connectors/<name>/config`, `#/topics/<t>?dlq=1`, … */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const q = new URLSearchParams(query);
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (parts[0] === 'connectors') {
    if (parts.length === 1) {
      const s = (q.get('state') ?? 'ALL').toUpperCase();
      return { page: 'connectors', filter: (STATE_FILTERS as readonly string[]).includes(s) ? (s as StateFilter) : 'ALL' };
    }
    const tab = (CONNECTOR_TABS as readonly string[]).includes(parts[2] ?? '') ? (parts[2] as ConnectorTab) : 'overview';
    return { page: 'connector', name: parts[1]!, tab };
  }
  if (parts[0] === 'new') return { page: 'new' };
  if ((parts[0] === 'topics' || parts[0] === 'dlq') && parts[1]) {
    const connector = q.get('connector');
    return { page: 'topic', topic: parts[1], dlq: parts[0] === 'dlq' || q.get('dlq') === '1', ...(connector ? { connector } : {}) };
  }
  return { page: 'cluster' };
}

export function href(route: Route): string {
  const e = encodeURIComponent;
  switch (route.page) {
    case 'cluster': return '#/';
    case 'new': return '#/new';
    case 'connectors': return route.filter === 'ALL' ? '#/connectors' : `#/connectors?state=${route.filter}`;
    case 'connector': return `#/connectors/${e(route.name)}${route.tab === 'overview' ? '' : `/${route.tab}`}`;
    case 'topic': return `#/${route.dlq ? 'dlq' : 'topics'}/${e(route.topic)}${route.connector ? `?connector=${e(route.connector)}` : ''}`;
  }
}
