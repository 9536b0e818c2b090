import { describe, expect, it } from 'vitest';
import { computeAssignment, type AssignmentRecord } from './assignment.js';

const members = (...ids: string[]) => new Map(ids.map((id) => [id, `http://${id}`]));
const tasks = (c: string, ...ns: number[]) => ns.map((task) => ({ connector: c, task }));
function record(workers: Record<string, { connectors: string[]; tasks: { connector: string; task: number }[] }>): AssignmentRecord {
  return {
    version: 1, generation: 1, revision: 0, leader: 'a', leaderUrl: 'http://a',
    workers: Object.fromEntries(Object.entries(workers).map(([w, a]) => [w, { url: `http://${w}`, ...a }])),
  };
}

describe('computeAssignment', () => {
  it('spreads a new connector round-robin', () => {
    expect(computeAssignment({ members: members('a', 'b', 'c'), connectors: new Map([['c1', 6]]), previous: null, rebalance: true })).toEqual({
      a: { connectors: ['c1'], tasks: tasks('c1', 0, 3) },
      b: { connectors: [], tasks: tasks('c1', 1, 4) },
      c: { connectors: [], tasks: tasks('c1', 2, 5) },
    });
  });

  it('gives the work of a departed member to the others and moves nothing else', () => {
    const previous = record({
      a: { connectors: ['c1'], tasks: tasks('c1', 0, 3) }, b: { connectors: [], tasks: tasks('c1', 1, 4) }, c: { connectors: [], tasks: tasks('c1', 2, 5) },
    });
    expect(computeAssignment({ members: members('b', 'c'), connectors: new Map([['c1', 6]]), previous, rebalance: true })).toEqual({
      b: { connectors: ['c1'], tasks: tasks('c1', 0, 1, 4) },
      c: { connectors: [], tasks: tasks('c1', 2, 3, 5) },
    });
  });

  it('takes work from loaded members for a member that joins', () => {
    const previous = record({ b: { connectors: ['c1'], tasks: tasks('c1', 0, 1, 4) }, c: { connectors: [], tasks: tasks('c1', 2, 3, 5) } });
    const next = computeAssignment({ members: members('b', 'c', 'd'), connectors: new Map([['c1', 6]]), previous, rebalance: true });
    expect(next).toEqual({
      b: { connectors: ['c1'], tasks: tasks('c1', 0, 1) },
      c: { connectors: [], tasks: tasks('c1', 2, 3) },
      d: { connectors: [], tasks: tasks('c1', 4, 5) },
    });
  });

  it('within a generation places new work without moving existing work', () => {
    const previous = record({ a: { connectors: ['c1'], tasks: tasks('c1', 0, 1, 2) }, b: { connectors: [], tasks: [] } });
    expect(computeAssignment({ members: members('a', 'b'), connectors: new Map([['c1', 3], ['c2', 1]]), previous, rebalance: false })).toEqual({
      a: { connectors: ['c1'], tasks: tasks('c1', 0, 1, 2) },
      b: { connectors: ['c2'], tasks: tasks('c2', 0) },
    });
  });

  it('drops tasks beyond a shrunken task count and deleted connectors', () => {
    const previous = record({ a: { connectors: ['c1', 'gone'], tasks: [...tasks('c1', 0, 2), ...tasks('gone', 0)] }, b: { connectors: [], tasks: tasks('c1', 1) } });
    expect(computeAssignment({ members: members('a', 'b'), connectors: new Map([['c1', 2]]), previous, rebalance: false })).toEqual({
      a: { connectors: ['c1'], tasks: tasks('c1', 0) },
      b: { connectors: [], tasks: tasks('c1', 1) },
    });
  });
});
