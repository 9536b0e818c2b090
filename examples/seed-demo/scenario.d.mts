// Types for scenario.mjs, so the TypeScript end-to-end test can share the demo's steps.
import type pg from 'pg';

export interface Row { id: number; name: string }
export interface Tables { test_table: Row[]; target_table: Row[] }
export interface ConnectorJson { name: string; config: Record<string, string> }

export const setupSql: string[];
export const steps: { title: string; sql: string[] }[];
export function readTables(client: pg.Client): Promise<Tables>;
export function tablesEqual(tables: Tables): boolean;
export function withTestEnv(connector: ConnectorJson, env: { PG_URL: string }): ConnectorJson;
