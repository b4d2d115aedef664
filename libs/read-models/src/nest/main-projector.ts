import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** The name of the projector that keeps every view: its checkpoint and its lease. */
export const MAIN_PROJECTOR = 'main';

/** Who this projector is among those that may run: host, process, and a random part (a pid is reused). */
export function projectorHolderId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}
