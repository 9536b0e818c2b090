import { ConfigException } from '@tsconnect/sdk';

/** One login module entry of a JAAS config (`<class> <flag> key="value" …;`). */
export interface JaasLoginModule {
  readonly loginModule: string;
  readonly flag: 'required' | 'requisite' | 'sufficient' | 'optional';
  readonly options: Readonly<Record<string, string>>;
}

const FLAGS = new Set(['required', 'requisite', 'sufficient', 'optional']);

/**
 * Parses Kafka's `sasl.jaas.config` value, as Kafka's JaasConfig does: exactly one login module,
 * options `key=value` where the value is a token or a double-quoted string (`\"` and `\\`
 * escapes), ended by `;`. Errors name the key but never echo the value (it holds a password).
 */
export function parseJaasConfig(key: string, text: string): JaasLoginModule {
  const fail = (why: string): never => { throw new ConfigException(key, '[hidden]', why); };
  const tokens = tokenize(text, fail);
  const modules: JaasLoginModule[] = [];
  let i = 0;
  while (i < tokens.length) {
    const loginModule = tokens[i++];
    if (!loginModule || loginModule.quoted || loginModule.text === ';' || loginModule.text === '=') fail('Expected a login module class name');
    const flag = tokens[i++];
    if (!flag || flag.quoted || !FLAGS.has(flag.text.toLowerCase())) {
      fail(`Login module control flag not specified in JAAS config (expected required, requisite, sufficient or optional after ${loginModule!.text})`);
    }
    const options: Record<string, string> = {};
    for (;;) {
      const t = tokens[i++];
      if (!t) fail('Expected \';\' at the end of the JAAS login module entry');
      if (!t!.quoted && t!.text === ';') break;
      const eq = tokens[i++];
      const value = tokens[i++];
      if (t!.quoted || !eq || eq.quoted || eq.text !== '=' || !value || (!value.quoted && (value.text === ';' || value.text === '='))) {
        fail(`Invalid JAAS option near '${t!.quoted ? '"…"' : t!.text}': expected key=value or key="value"`);
      }
      options[t!.text] = value!.text;
    }
    modules.push({ loginModule: loginModule!.text, flag: flag!.text.toLowerCase() as JaasLoginModule['flag'], options });
  }
  if (modules.length !== 1) fail(`JAAS config property contains ${modules.length} login modules, should be 1 module`);
  return modules[0]!;
}

interface Token { readonly text: string; readonly quoted: boolean }

function tokenize(text: string, fail: (why: string) => never): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === ';' || c === '=') { out.push({ text: c, quoted: false }); i++; continue; }
    if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) fail('Unterminated quoted string in JAAS config');
        const d = text[i++]!;
        if (d === '"') break;
        if (d === '\\' && i < text.length) { value += text[i++]!; continue; }
        value += d;
      }
      out.push({ text: value, quoted: true });
      continue;
    }
    let word = '';
    while (i < text.length && !/[\s;="]/.test(text[i]!)) word += text[i++]!;
    out.push({ text: word, quoted: false });
  }
  return out;
}
