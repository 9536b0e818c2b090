import type { SinkConnectorPlugin, SourceConnectorPlugin } from '@tsconnect/sdk';
import { describe, it } from 'vitest';
import { checkConfigValidation, checkVersions } from './config-checks.js';
import { resolveOptions, type SinkConformanceOptions, type SourceConformanceOptions } from './conformance-options.js';
import {
  checkSinkErrorReporting, checkSinkLifecycle, checkSinkOffsetsResume, checkSinkTaskCallsSettle,
} from './sink-checks.js';
import {
  checkSourceErrorReporting, checkSourceLifecycle, checkSourceOffsetsResume, checkSourceStopWhilePolling,
} from './source-checks.js';

/** Generous per-check timeout: each check starts a worker (or two) and waits for real data. */
const CHECK_TIMEOUT_MS = 120_000;

/**
 * Registers the source conformance suite as a vitest `describe` block (call it at the top level
 * of a test file). Each `it` is one documented check (see the check functions, also exported to
 * run on their own): versions, config validation, lifecycle order through the worker, stop while
 * poll is pending, offsets resume across a restart, error reporting.
 */
export function runSourceConformance(plugin: SourceConnectorPlugin, options: SourceConformanceOptions): void {
  describe(`source conformance: ${plugin.className}`, () => {
    const r = () => resolveOptions(options);
    it('reports version strings (descriptor = connector, task, GET /connector-plugins)', () => checkVersions(plugin, r()), CHECK_TIMEOUT_MS);
    it('declares a documented ConfigDef; validate names missing and malformed keys, 0 errors for a good config', () => checkConfigValidation(plugin, r()), CHECK_TIMEOUT_MS);
    it('follows the lifecycle order start → poll* → stop and stops within the deadline', () => checkSourceLifecycle(plugin, r()), CHECK_TIMEOUT_MS);
    it('returns from a pending poll() when stop() is called, within the deadline', () => checkSourceStopWhilePolling(plugin, r()), CHECK_TIMEOUT_MS);
    it('resumes from committed offsets after a restart: no duplicates, no gaps', () => checkSourceOffsetsResume(plugin, r()), CHECK_TIMEOUT_MS);
    it('reports a failing poll() as a FAILED task with a trace, and still stops the task', () => checkSourceErrorReporting(plugin, r()), CHECK_TIMEOUT_MS);
  });
}

/** The sink counterpart of `runSourceConformance`. */
export function runSinkConformance(plugin: SinkConnectorPlugin, options: SinkConformanceOptions): void {
  describe(`sink conformance: ${plugin.className}`, () => {
    const r = () => resolveOptions(options);
    it('reports version strings (descriptor = connector, task, GET /connector-plugins)', () => checkVersions(plugin, r()), CHECK_TIMEOUT_MS);
    it('declares a documented ConfigDef; validate names missing and malformed keys, 0 errors for a good config', () => checkConfigValidation(plugin, r()), CHECK_TIMEOUT_MS);
    it('follows the lifecycle order start → open → put* → close → stop and stops within the deadline', () => checkSinkLifecycle(plugin, r()), CHECK_TIMEOUT_MS);
    it('settles every task call (start, open, put([]), flush, close, stop) within the deadline', () => checkSinkTaskCallsSettle(plugin, r()), CHECK_TIMEOUT_MS);
    it('resumes from committed consumer offsets after a restart: no duplicates, no gaps', () => checkSinkOffsetsResume(plugin, r()), CHECK_TIMEOUT_MS);
    it('reports a failing put() as a FAILED task with a trace, and still stops the task', () => checkSinkErrorReporting(plugin, r()), CHECK_TIMEOUT_MS);
  });
}
