import { readIfExists, writeFileAtomic } from './atomic.file';
import { StoreError, seal, unseal } from './data.crypto';

/**
 * One JSON value in one encrypted file of the data dir, replaced atomically on every write.
 * `read` gives null when the file does not exist and throws StoreError when it does not open
 * (another token's file, or altered): a file that fails its tag is never half-trusted.
 */
export class SealedFile<T> {
  constructor(
    private readonly file: string,
    private readonly key: Buffer,
    private readonly purpose: string,
  ) {}

  read(): T | null {
    const bytes = readIfExists(this.file);
    if (bytes === null) return null;
    const plain = unseal(this.key, this.purpose, bytes);
    try {
      return JSON.parse(plain.toString('utf8')) as T;
    } catch {
      throw new StoreError(`${this.purpose}: opened but is not JSON`);
    }
  }

  write(value: T): void {
    writeFileAtomic(this.file, seal(this.key, this.purpose, Buffer.from(JSON.stringify(value), 'utf8')));
  }
}
