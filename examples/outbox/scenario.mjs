// The transactional outbox, as data and the service's own writes: each business change and the
// event announcing it are committed in ONE transaction, so an event exists exactly when the change
// does. Shared by the example (run.mjs) and its end-to-end test (apps/worker/src/outbox-example.it.test.ts).
import { randomUUID } from 'node:crypto';

/** Debezium's default outbox columns (EventRouter's defaults need no mapping). */
export const setupSql = [
  'DROP TABLE IF EXISTS orders',
  'DROP TABLE IF EXISTS outbox',
  `CREATE TABLE orders (
     id bigint PRIMARY KEY,
     customer text NOT NULL,
     total numeric(10, 2) NOT NULL,
     status text NOT NULL
   )`,
  `CREATE TABLE outbox (
     id uuid PRIMARY KEY,
     aggregatetype varchar(255) NOT NULL,
     aggregateid varchar(255) NOT NULL,
     type varchar(255) NOT NULL,
     payload jsonb NOT NULL
   )`,
];

/** One transaction: the business statement, then its event row; both or neither. */
async function inTransaction(db, businessSql, businessParams, event) {
  await db.query('BEGIN');
  try {
    await db.query(businessSql, businessParams);
    await db.query('INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ($1, $2, $3, $4, $5)',
      [event.id, event.aggregateType, event.aggregateId, event.type, JSON.stringify(event.payload)]);
    await db.query('COMMIT');
    return event;
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  }
}

/** The order service. `aggregateType` names the event stream (→ topic outbox.event.<aggregateType>). */
export function orderService(db, aggregateType = 'order') {
  const event = (order, type, payload) => ({ id: randomUUID(), aggregateType, aggregateId: String(order), type, payload });
  return {
    place: (order) => inTransaction(db, 'INSERT INTO orders (id, customer, total, status) VALUES ($1, $2, $3, $4)',
      [order.id, order.customer, order.total, 'PLACED'], event(order.id, 'OrderPlaced', { ...order, status: 'PLACED' })),
    cancel: (id, reason) => inTransaction(db, "UPDATE orders SET status = 'CANCELLED' WHERE id = $1", [id],
      event(id, 'OrderCancelled', { id, reason })),
  };
}

/** What the example does: two orders, a duplicate that fails (no event may leak), one cancel. */
export async function runScenario(service) {
  const events = [];
  events.push(await service.place({ id: 1001, customer: 'alice', total: '25.50' }));
  events.push(await service.place({ id: 1002, customer: 'bob', total: '99.00' }));
  const duplicate = await service.place({ id: 1001, customer: 'mallory', total: '1.00' }).then(() => null, (e) => e.message);
  events.push(await service.cancel(1001, 'customer changed their mind'));
  return { events, duplicate };
}
