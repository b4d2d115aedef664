import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig } from '@app/config';

/**
 * The key that signs access tokens: JWT_SECRET when set; otherwise (embedded
 * profile only, enforced by the configuration) one generated on first start and
 * kept in DATA_DIR/secrets/jwt-secret, readable by its owner alone.
 */
export function loadSigningKey(config: AppConfig): string {
  if (config.auth.jwtSecret !== null) return config.auth.jwtSecret;
  const dir = join(config.dataDir, 'secrets');
  const file = join(dir, 'jwt-secret');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length >= 32) return key;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(48).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(file, 0o600);
  return key;
}
