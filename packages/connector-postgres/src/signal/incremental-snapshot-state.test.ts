import { describe, expect, it } from 'vitest';
import { decodeIncrementalState, encodeCollections, encodeKey } from './incremental-snapshot-state.js';

describe('incremental snapshot offset state', () => {
  it('reads back what it writes, under Debezium\'s key names and collection JSON', () => {
    const collections = encodeCollections([{ id: 'public.a', condition: 'id > 5' }, { id: 'public.b', condition: null }]);
    expect(JSON.parse(collections)).toEqual([
      { incremental_snapshot_collections_id: 'public.a', incremental_snapshot_collections_additional_condition: 'id > 5',
        incremental_snapshot_collections_surrogate_key: null },
      { incremental_snapshot_collections_id: 'public.b', incremental_snapshot_collections_additional_condition: null,
        incremental_snapshot_collections_surrogate_key: null },
    ]);
    expect(decodeIncrementalState({
      lsn: 1, incremental_snapshot_collections: collections, incremental_snapshot_primary_key: encodeKey(['7', 'x']),
      incremental_snapshot_maximum_key: encodeKey(['99', 'z']), incremental_snapshot_correlation_id: 'sig-1',
    })).toEqual({
      collections: [{ id: 'public.a', condition: 'id > 5' }, { id: 'public.b', condition: null }],
      lastKey: ['7', 'x'], maximumKey: ['99', 'z'], correlationId: 'sig-1',
    });
    expect(decodeIncrementalState({ lsn: 1 })).toBeNull();
    expect(decodeIncrementalState(null)).toBeNull();
  });

  it('restarts the table from its first key when Debezium (Java serialization) wrote the key', () => {
    const foreign: string[] = [];
    const state = decodeIncrementalState({
      incremental_snapshot_collections: '[{"incremental_snapshot_collections_id":"public.a","incremental_snapshot_collections_additional_condition":""}]',
      incremental_snapshot_primary_key: 'aced0005757200135b4c6a6176612e6c616e672e4f626a6563743b90ce589f1073296c020000787000000001737200116a6176612e6c616e672e496e746567657212e2a0a4f781873802000149000576616c7565787200106a6176612e6c616e672e4e756d62657286ac951d0b94e08b02000078700000000a',
      incremental_snapshot_maximum_key: 'aced0005757200135b4c6a6176612e6c616e672e4f626a6563743b90ce589f1073296c020000787000000001737200116a6176612e6c616e672e496e746567657212e2a0a4f781873802000149000576616c7565787200106a6176612e6c616e672e4e756d62657286ac951d0b94e08b020000787000000064',
    }, (key) => foreign.push(key));
    expect(state).toEqual({ collections: [{ id: 'public.a', condition: null }], lastKey: null, maximumKey: null, correlationId: null });
    expect(foreign).toEqual(['incremental_snapshot_primary_key', 'incremental_snapshot_maximum_key']);
  });

  it('accepts the plain id list of earlier releases and names the key of anything malformed', () => {
    expect(decodeIncrementalState({ incremental_snapshot_collections: '["public.a"]', incremental_snapshot_primary_key: '["3"]' }))
      .toMatchObject({ collections: [{ id: 'public.a', condition: null }], lastKey: ['3'] });
    expect(() => decodeIncrementalState({ incremental_snapshot_collections: '{' }))
      .toThrow('Offset key incremental_snapshot_collections: not JSON: "{"');
    expect(() => decodeIncrementalState({ incremental_snapshot_collections: '["public.a"]', incremental_snapshot_primary_key: '7' }))
      .toThrow('Offset key incremental_snapshot_primary_key: expected a JSON array of key values, got "7"');
  });
});
