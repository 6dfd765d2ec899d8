import fs from 'node:fs';
import path from 'node:path';

/**
 * The bridge's cursor: the id of the last event it has handled (or a heartbeat's `through`), kept
 * in a small JSON file so that a restarted bridge resumes where it stopped. Written to a temporary
 * file and renamed, so a crash never leaves half a cursor.
 */
export class CursorFile {
  constructor(
    private readonly file: string,
    private readonly lockId: string,
  ) {}

  /** The saved cursor, or null when there is none (or it belongs to another lock). */
  read(): string | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const saved = JSON.parse(text) as { lockId?: unknown; after?: unknown };
    if (saved.lockId !== this.lockId || typeof saved.after !== 'string' || !/^\d+$/.test(saved.after)) return null;
    return saved.after;
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }

  write(after: string): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ lockId: this.lockId, after, savedAt: new Date().toISOString() }));
    fs.renameSync(tmp, this.file);
  }
}
