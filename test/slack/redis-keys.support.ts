import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';

/** A key prefix of its own for one suite run, so runs sharing a Redis never meet. */
export const uniquePrefix = (name: string): string => `pingate:test:${name}:${randomUUID().slice(0, 8)}:`;

/** Deletes every key under `prefix` (the suite's leftovers: delivery markers live fifteen minutes). */
export async function dropKeys(url: string, prefix: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...batch);
    if (keys.length > 0) await client.del(keys);
  } finally {
    await client.close();
  }
}
