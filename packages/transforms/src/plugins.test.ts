import { describe, expect, it } from 'vitest';
import { tsconnectPlugins } from './index.js';

describe('tsconnectPlugins', () => {
  it('registers every transform and predicate under its Java name', () => {
    const byAlias = new Map(tsconnectPlugins.flatMap((p) => (p.aliases ?? []).map((a) => [a, p] as const)));
    const kafka = 'org.apache.kafka.connect.transforms.';
    for (const name of ['InsertField', 'ReplaceField', 'MaskField', 'ExtractField', 'HoistField', 'Cast', 'Flatten', 'TimestampConverter', 'SetSchemaMetadata', 'HeaderFrom']) {
      for (const side of ['$Key', '$Value']) {
        const p = byAlias.get(`${kafka}${name}${side}`)!;
        expect(p.type).toBe('transformation');
        expect(p.className).toBe(`io.tsconnect.transforms.${name}${side}`);
      }
    }
    for (const name of ['ValueToKey', 'RegexRouter', 'TimestampRouter', 'Filter', 'InsertHeader', 'DropHeaders']) {
      expect(byAlias.get(`${kafka}${name}`)!.className).toBe(`io.tsconnect.transforms.${name}`);
    }
    for (const name of ['TopicNameMatches', 'HasHeaderKey', 'RecordIsTombstone']) {
      expect(byAlias.get(`${kafka}predicates.${name}`)!.type).toBe('predicate');
    }
    expect(byAlias.get('io.debezium.transforms.ExtractNewRecordState')!.className).toBe('io.tsconnect.transforms.debezium.ExtractNewRecordState');
    expect(byAlias.get('io.debezium.transforms.outbox.EventRouter')!.type).toBe('transformation');
    expect(tsconnectPlugins).toHaveLength(31);
    expect(new Set(tsconnectPlugins.map((p) => p.className)).size).toBe(31);
  });

  it('creates fresh instances that expose their ConfigDef', () => {
    for (const p of tsconnectPlugins) {
      if (p.type !== 'transformation' && p.type !== 'predicate') throw new Error(`unexpected plugin type ${p.type}`);
      const a = p.create();
      expect(a).not.toBe(p.create());
      expect(Array.isArray(a.config().names())).toBe(true);
    }
  });
});
