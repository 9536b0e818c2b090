import { describe, expect, it } from 'vitest';
import { isSecretKey, maskConfig } from './mask.js';
import { isoTime, parseFormat, renderTable } from './output.js';

describe('renderTable', () => {
  it('pads columns with three spaces, upper-cases headers, leaves no trailing blanks', () => {
    expect(renderTable(['name', 'state', 'worker id'], [['a', 'RUNNING', 'w:1'], ['long-name', null, 'w:22']])).toBe(
      'NAME        STATE     WORKER ID\n' +
      'a           RUNNING   w:1\n' +
      'long-name             w:22\n');
    expect(renderTable(['partition', 'offset'], [])).toBe('PARTITION   OFFSET\n');
    expect(renderTable(['a', 'b'], [['x\ny', '']])).toBe('A     B\nx y\n');
  });
});

describe('parseFormat', () => {
  it('accepts table/json/yaml (any case) and names the bad value', () => {
    expect(parseFormat(undefined)).toBe('table');
    expect(parseFormat('JSON')).toBe('json');
    expect(() => parseFormat('xml')).toThrow('Invalid value xml for option -o/--output: expected one of table, json, yaml');
    expect(parseFormat('name', ['table', 'json', 'yaml', 'name'])).toBe('name');
  });
  it('isoTime', () => {
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTime(null)).toBe('');
  });
});

describe('maskConfig', () => {
  it('hides password/secret/key keys as Kafka prints PASSWORD values, keeps record-key settings', () => {
    expect(maskConfig({
      'connection.password': 'p', 'aws.secret.access.key': 's', 'api.key': 'k', 'ssl.key.password': 'x', 'sasl.jaas.config': 'j',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'key.converter.schemas.enable': 'false',
      'primary.key.mode': 'record_key', 'primary.key.fields': 'id', 'message.key.columns': 't:id', 'topics': 't',
    })).toEqual({
      'connection.password': '[hidden]', 'aws.secret.access.key': '[hidden]', 'api.key': '[hidden]', 'ssl.key.password': '[hidden]', 'sasl.jaas.config': 'j',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'key.converter.schemas.enable': 'false',
      'primary.key.mode': 'record_key', 'primary.key.fields': 'id', 'message.key.columns': 't:id', 'topics': 't',
    });
    expect(isSecretKey('transforms.extract.key.field')).toBe(false);
    expect(isSecretKey('db.private.key')).toBe(true);
    expect(isSecretKey('PASSWORD')).toBe(true);
  });
});
