import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from './logger';

/**
 * The pepper for development: read from, or generated once into, `<dataDir>/pin-pepper.key` (mode 0600).
 * Production must configure PIN_PEPPER: losing this file makes every stored PIN unusable.
 */
export function loadOrCreatePepper(dataDir: string, logger: Logger): Buffer {
  const file = path.join(dataDir, 'pin-pepper.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  logger.warn({ file }, 'PIN_PEPPER is not set: generated a development pepper; set PIN_PEPPER in production');
  return key;
}
