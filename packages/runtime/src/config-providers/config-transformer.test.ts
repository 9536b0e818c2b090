import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigTransformer } from './config-transformer.js';

describe('ConfigTransformer', () => {
  it('resolves env, file and dir variables; unknown ones stay as written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-'));
    await writeFile(join(dir, 'a.properties'), 'user=bob\npass = p:w\n');
    await writeFile(join(dir, 'token'), 'tok');
    process.env['TSC_CT_VAR'] = 'from-env';
    const t = ConfigTransformer.fromWorkerProps({
      'config.providers': 'env,file,dir',
      'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
      'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'config.providers.dir.class': 'DirectoryConfigProvider',
    });
    const file = join(dir, 'a.properties');
    expect(t.transform({
      a: '${env:TSC_CT_VAR}', b: `jdbc://\${file:${file}:user}:\${file:${file}:pass}@h`, c: `\${dir:${dir}:token}`,
      d: '${env:TSC_CT_MISSING}', e: '${vault:x:y}', f: 'plain',
    })).toEqual({ a: 'from-env', b: 'jdbc://bob:p:w@h', c: 'tok', d: '${env:TSC_CT_MISSING}', e: '${vault:x:y}', f: 'plain' });
  });

  it('names a bad provider class; reverseTransform keeps references in task configs', () => {
    expect(() => ConfigTransformer.fromWorkerProps({ 'config.providers': 'x', 'config.providers.x.class': 'com.Foo' })).toThrow(
      /^Invalid value com\.Foo for configuration config\.providers\.x\.class: expected one of /);
    expect(ConfigTransformer.reverseTransform({ p: '${env:P}', q: 'raw' }, [{ p: 'secret', q: 'raw', r: 'x' }])).toEqual([{ p: '${env:P}', q: 'raw', r: 'x' }]);
  });

  it('env allowlist.pattern limits the variables', () => {
    process.env['TSC_CT_OK'] = '1';
    process.env['TSC_CT_NO'] = '2';
    const t = ConfigTransformer.fromWorkerProps({ 'config.providers': 'env', 'config.providers.env.class': 'EnvVarConfigProvider',
      'config.providers.env.param.allowlist.pattern': 'TSC_CT_OK' });
    expect(t.transform({ a: '${env:TSC_CT_OK}', b: '${env:TSC_CT_NO}' })).toEqual({ a: '1', b: '${env:TSC_CT_NO}' });
  });
});
