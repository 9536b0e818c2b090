import { useState } from 'preact/hooks';
import { api } from './api.js';
import { Card, ErrorBox } from './components.js';
import { ConfigEditor } from './config-editor.js';
import { href } from './route.js';
import type { PluginInfo } from './types.js';
import { usePoll } from './use-poll.js';

export function CreateConnector() {
  const plugins = usePoll(() => api<PluginInfo[]>('GET', '/connector-plugins'), [], null);
  const [name, setName] = useState('');
  const [cls, setCls] = useState('');
  const template: Record<string, string> = { 'connector.class': cls || 'FileStreamSource', 'tasks.max': '1' };
  return (
    <Card title="Create connector">
      <ErrorBox error={plugins.error} />
      <div class="form-row">
        <label>Name <input name="connector-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} placeholder="my-connector" /></label>
        <label>Plugin{' '}
          <select name="plugin" value={cls} onChange={(e) => setCls((e.target as HTMLSelectElement).value)}>
            <option value="">(choose)</option>
            {(plugins.data ?? []).map((p) => <option value={p.class}>{p.class.split('.').pop()} ({p.type})</option>)}
          </select>
        </label>
      </div>
      <ConfigEditor initial={template} name={name} saveLabel="Create" onSave={async (config) => {
        const n = name.trim() || config['name'];
        if (!n) throw new Error('Invalid value "" for configuration name: give the connector a name');
        const { name: _ignored, ...rest } = config;
        await api('POST', '/connectors', { name: n, config: { ...rest, name: n } });
        location.hash = href({ page: 'connector', name: n, tab: 'overview' });
      }} />
    </Card>
  );
}
