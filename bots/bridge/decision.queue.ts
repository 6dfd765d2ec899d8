import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, readIfExists, writeFileAtomic } from './atomic.file';
import { StoreError, seal, unseal } from './data.crypto';
import type { AccessReason, OfflineDecisionType } from '../gql/graphql';

/** One offline decision as `reportOfflineDecisions` takes it (never the digits). */
export interface OfflineRecord {
  /** A random UUID: the server records each id once. */
  id: string;
  lockId: string;
  /** ISO time the keypad answered. */
  at: string;
  type: OfflineDecisionType;
  reason: AccessReason | null;
  pinId: string | null;
  userId: string | null;
  failedAttempts: number | null;
}

const PURPOSE = 'queue';

/**
 * The decisions made offline and not yet acknowledged by PinGate, one sealed record per line
 * (base64url of AES-256-GCM), appended and fsynced before the keypad shows the answer. A crash
 * between the append and the acknowledgement reports the record again; the server records each
 * id once. Acknowledged records are dropped by rewriting the file atomically.
 */
export class DecisionQueue {
  private records: OfflineRecord[];

  constructor(
    private readonly file: string,
    private readonly key: Buffer,
  ) {
    this.records = this.load();
  }

  /** The records not yet acknowledged, oldest first. */
  pending(): readonly OfflineRecord[] {
    return this.records;
  }

  /** Appends one record and fsyncs it: once this returns, a crash does not lose it. */
  append(record: OfflineRecord): void {
    const line = `${seal(this.key, PURPOSE, Buffer.from(JSON.stringify(record), 'utf8')).toString('base64url')}\n`;
    const created = !fs.existsSync(this.file);
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, line);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (created) fsyncDir(path.dirname(this.file));
    this.records.push(record);
  }

  /** Forgets the acknowledged records (rewrites the file without them, atomically). */
  acknowledge(ids: Iterable<string>): void {
    const done = new Set(ids);
    const left = this.records.filter((r) => !done.has(r.id));
    if (left.length === this.records.length) return;
    writeFileAtomic(this.file, Buffer.from(left.map((r) => `${seal(this.key, PURPOSE, Buffer.from(JSON.stringify(r), 'utf8')).toString('base64url')}\n`).join(''), 'utf8'));
    this.records = left;
  }

  /**
   * Reads the file. A last line without its newline is an append cut short by a crash (its answer
   * was never shown): it is cut off. Any other record that does not open is refused (StoreError).
   */
  private load(): OfflineRecord[] {
    const bytes = readIfExists(this.file);
    if (bytes === null) return [];
    let text = bytes.toString('utf8');
    if (text.length > 0 && !text.endsWith('\n')) {
      text = text.slice(0, text.lastIndexOf('\n') + 1);
      fs.truncateSync(this.file, Buffer.byteLength(text, 'utf8'));
    }
    const lines = text.split('\n').filter((l) => l !== '');
    return lines.map((line, i) => {
      const plain = unseal(this.key, PURPOSE, Buffer.from(line, 'base64url'));
      try {
        return JSON.parse(plain.toString('utf8')) as OfflineRecord;
      } catch {
        throw new StoreError(`${PURPOSE}: record ${i + 1} opened but is not JSON`);
      }
    });
  }
}
