import { randomUUID } from 'node:crypto';
import { chainAppend, GENESIS_HASH, type ChainedEvent } from '../hash-chain';

/** `count` events of one stream, hashed as the api appends them (in batches of three, to chain across appends too). */
export function chainedStream(streamId: string, count: number): ChainedEvent[] {
  const stream: ChainedEvent[] = [];
  let previous = GENESIS_HASH;
  for (let from = 0; from < count; from += 3) {
    const batch = Array.from({ length: Math.min(3, count - from) }, (_, i) => ({
      id: randomUUID(),
      type: 'TaskAdded',
      data: { taskId: `t${from + i}`, title: `Task ${from + i}`, estimateHours: from + i, dependsOn: [] },
      metadata: { actor: { id: 'u1', role: 'manager' }, commandId: `c${from}`, occurredAt: '2027-01-04T09:00:00.000Z' },
    }));
    const chained = chainAppend(streamId, from - 1, previous, batch);
    previous = chained.lastHash;
    chained.events.forEach((event, i) => stream.push({ ...event, streamId, revision: from + i }));
  }
  return stream;
}
