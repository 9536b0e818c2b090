import { createRequire } from 'node:module';

/**
 * Works around a kafkajs 2.2.4 read_committed bug. Its filter (consumer/filterAbortedMessages.js)
 * walks the fetch response's aborted-transaction list assuming it is sorted by first offset; the
 * broker lists them in another order (Java's Fetcher puts them in a PriorityQueue by first
 * offset for this reason). With two or more aborted transactions in one partition (e.g. two
 * exactly-once tasks killed mid-transaction) kafkajs then delivers aborted records as committed.
 * This sorts the list in each decoded Fetch response (v4–v11, the versions carrying it), which
 * is all the filter needs. kafkajs loads a response module lazily and calls `decode` on its
 * exports object, so replacing `decode` there applies to every kafkajs consumer of the process
 * that uses this node_modules copy of kafkajs.
 */
export function sortAbortedTransactionsInKafkajs(): boolean {
  const require = createRequire(import.meta.url);
  let patched = false;
  for (let v = 4; v <= 11; v++) {
    let mod: { decode: (raw: Buffer) => Promise<FetchResponse>; __tsconnectSorted?: boolean };
    try {
      mod = require(`kafkajs/src/protocol/requests/fetch/v${v}/response.js`) as typeof mod;
    } catch {
      continue; // another kafkajs layout: nothing to patch
    }
    if (mod.__tsconnectSorted) { patched = true; continue; }
    const decode = mod.decode;
    mod.decode = async (raw) => {
      const res = await decode(raw);
      for (const t of res.responses ?? []) {
        for (const p of t.partitions ?? []) {
          if (p.abortedTransactions && p.abortedTransactions.length > 1) {
            p.abortedTransactions.sort((a, b) => {
              const d = BigInt(a.firstOffset) - BigInt(b.firstOffset);
              return d < 0n ? -1 : d > 0n ? 1 : 0;
            });
          }
        }
      }
      return res;
    };
    mod.__tsconnectSorted = true;
    patched = true;
  }
  return patched;
}

interface FetchResponse {
  responses?: { partitions?: { abortedTransactions?: { producerId: string; firstOffset: string }[] }[] }[];
}
