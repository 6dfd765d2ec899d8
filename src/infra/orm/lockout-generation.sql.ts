import type { EntityManager } from '@mikro-orm/knex';

/**
 * This node's view of `lockout_generation`, the counter every failure counted in the database
 * bumps: the newest value it read, trusted until `suspect` (a Redis failure, or a failure counted
 * here), after which the next `current` reads it again, once for every caller waiting. A timer
 * re-reads it every `refreshMs` so that a node that never lost Redis learns of counts made meanwhile.
 */
export class SqlLockoutGeneration {
  private known = 0;
  /** Suspicions raised, and how many of them a read has answered. */
  private suspicions = 1;
  private trusted = 0;
  private reading: { asked: number; promise: Promise<number> } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly onError: (err: unknown) => void,
  ) {}

  async start(refreshMs: number): Promise<void> {
    await this.refresh().catch(this.onError);
    this.timer = setInterval(() => void this.refresh().catch(this.onError), refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The newest generation known; when it cannot be read, the last one known (reported). */
  async current(): Promise<number> {
    if (this.trusted === this.suspicions) return this.known;
    return this.refresh().catch((err: unknown) => {
      this.onError(err);
      return this.known;
    });
  }

  suspect(): void {
    this.suspicions++;
  }

  /** Reads the generation with `em` (e.g. in a snapshot's connection); it only moves forward. */
  async read(em: EntityManager): Promise<number> {
    const rows = await em.execute<Array<{ generation: number | string }>>('select generation from lockout_generation where id = 1', [], 'all');
    this.known = Math.max(this.known, Number(rows[0]?.generation ?? 0));
    return this.known;
  }

  /** Inside the transaction that counted a failure. */
  async bump(em: EntityManager): Promise<void> {
    await em.execute('update lockout_generation set generation = generation + 1 where id = 1', [], 'run');
  }

  /** A read that began before the latest suspicion does not clear it (it may predate the count that raised it). */
  private refresh(): Promise<number> {
    if (this.reading && this.reading.asked === this.suspicions) return this.reading.promise;
    const asked = this.suspicions;
    const promise = this.read(this.em.fork())
      .then((generation) => {
        this.trusted = Math.max(this.trusted, asked);
        return generation;
      })
      .finally(() => {
        if (this.reading?.promise === promise) this.reading = null;
      });
    this.reading = { asked, promise };
    return promise;
  }
}
