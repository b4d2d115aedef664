import { applyPatch, deepClone, type Operation } from 'fast-json-patch';
import { io, type Socket } from 'socket.io-client';

export interface Patch {
  projectId: string;
  view: string;
  from: number;
  to: number;
  ops: Operation[];
}

/** A subscriber as a web page holds it: the view and its revision, kept by snapshots and patches. */
export class Watcher {
  readonly socket: Socket;
  state: unknown = undefined;
  revision: number | null = null;
  readonly patches: Patch[] = [];
  readonly presence: any[] = [];
  readonly ended: any[] = [];
  /** A patch whose `from` was not the revision held: must never happen. */
  readonly gaps: string[] = [];

  constructor(url: string, token: string) {
    this.socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
    this.socket.on('snapshot', (snapshot: { revision: number; data: unknown }) => {
      this.state = snapshot.data;
      this.revision = snapshot.revision;
    });
    this.socket.on('patch', (patch: Patch) => {
      this.patches.push(patch);
      if (patch.from !== this.revision) {
        this.gaps.push(`patch ${patch.from}→${patch.to} while at ${this.revision}`);
        return;
      }
      this.state = applyPatch(deepClone(this.state), patch.ops, true).newDocument;
      this.revision = patch.to;
    });
    this.socket.on('presence', (presence: unknown) => this.presence.push(presence));
    this.socket.on('unsubscribed', (notice: unknown) => this.ended.push(notice));
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  subscribe(projectId: string, view: string, since?: number): Promise<{ ok: boolean; revision?: number; error?: string }> {
    return this.socket.timeout(10_000).emitWithAck('subscribe', { projectId, view, ...(since === undefined ? {} : { since }) });
  }

  close(): void {
    this.socket.close();
  }
}
