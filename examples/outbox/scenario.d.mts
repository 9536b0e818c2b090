// Types for scenario.mjs, so the TypeScript end-to-end test can share the example's steps.
import type pg from 'pg';

export interface OutboxEvent { id: string; aggregateType: string; aggregateId: string; type: string; payload: Record<string, unknown> }
export interface OrderService {
  place(order: { id: number; customer: string; total: string }): Promise<OutboxEvent>;
  cancel(id: number, reason: string): Promise<OutboxEvent>;
}

export const setupSql: string[];
export function orderService(db: pg.Client, aggregateType?: string): OrderService;
export function runScenario(service: OrderService): Promise<{ events: OutboxEvent[]; duplicate: string | null }>;
