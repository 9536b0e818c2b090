import type { Plugin, SinkConnectorPlugin, SourceConnectorPlugin } from '@tsconnect/sdk';
import { LogSinkConnector } from './log-sink-connector.js';
import { RandomNumberSourceConnector } from './random-number-source-connector.js';
import { VERSION } from './version.js';

export const randomNumberSourcePlugin: SourceConnectorPlugin = {
  type: 'source', className: 'com.example.RandomNumberSourceConnector', version: VERSION, create: () => new RandomNumberSourceConnector(),
};

export const logSinkPlugin: SinkConnectorPlugin = {
  type: 'sink', className: 'com.example.LogSinkConnector', version: VERSION, create: () => new LogSinkConnector(),
};

/** What the worker's `plugin.path=my-connector` imports and registers (also as `RandomNumberSource`, `LogSink`). */
export const tsconnectPlugins: Plugin[] = [randomNumberSourcePlugin, logSinkPlugin];
