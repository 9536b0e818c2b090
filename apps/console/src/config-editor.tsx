import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, enc } from './api.js';
import { fieldErrors, parseConfigText } from './model.js';
import type { ConfigInfos } from './types.js';

/**
 * A JSON editor for a connector config. Validate runs the plugin's validation
 * (`PUT /connector-plugins/{class}/config/validate`) and lists errors per field; Save validates
 * first and then calls `onSave` with the config.
 */
export function ConfigEditor({ initial, name, onSave, saveLabel }: {
  initial: Record<string, string>; name: string; saveLabel: string;
  onSave: (config: Record<string, string>) => Promise<void>;
}) {
  const [text, setText] = useState(JSON.stringify(initial, null, 2));
  const [errors, setErrors] = useState<{ field: string; errors: string[] }[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setText(JSON.stringify(initial, null, 2)), [JSON.stringify(initial)]);

  const validate = async (): Promise<Record<string, string> | null> => {
    setMessage(null);
    const parsed = parseConfigText(text);
    if ('error' in parsed) { setErrors(null); setMessage(parsed.error); return null; }
    const config: Record<string, string> = { ...parsed.config, name: parsed.config['name'] ?? name };
    const cls = config['connector.class'];
    if (!cls) { setErrors([{ field: 'connector.class', errors: ['Missing required configuration "connector.class" which has no default value.'] }]); return null; }
    const infos = await api<ConfigInfos>('PUT', `/connector-plugins/${enc(cls)}/config/validate`, config);
    const errs = fieldErrors(infos);
    setErrors(errs);
    return errs.length === 0 ? config : null;
  };
  const run = async (save: boolean) => {
    setBusy(true);
    try {
      const config = await validate();
      if (config && save) {
        await onSave(config);
        setMessage('Saved.');
      }
    } catch (e) {
      setMessage(e instanceof ApiError ? `${e.status}: ${e.message}` : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const lines = text.split('\n').length;
  return (
    <div class="editor">
      <textarea class="json" spellcheck={false} rows={Math.min(Math.max(lines + 1, 10), 30)} value={text}
        aria-label="connector config JSON" onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      <div class="editor-side">
        <div class="actions">
          <button type="button" disabled={busy} onClick={() => void run(false)}>Validate</button>
          <button type="button" class="primary" disabled={busy} onClick={() => void run(true)}>{saveLabel}</button>
        </div>
        {message ? <p class={message === 'Saved.' ? 'ok' : 'error-box'} role="status">{message}</p> : null}
        {errors === null ? null : errors.length === 0 ? <p class="ok" data-testid="validation-ok">Validation passed: no errors.</p> : (
          <ul class="field-errors" data-testid="validation-errors">
            {errors.map((e) => <li><code>{e.field}</code>{e.errors.map((m) => <div class="err">{m}</div>)}</li>)}
          </ul>
        )}
      </div>
    </div>
  );
}
