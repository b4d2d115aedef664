/**
 * The benchmark's socket: a minimal Socket.IO client (protocol 5 over
 * Engine.IO 4, WebSocket transport only) on `ws`, for 1,000 of them in one
 * process. In real use every watcher has a browser of its own; here they
 * share this process's core with each other, so a client that parses every
 * frame into objects (socket.io-client) ends up measuring itself. This one
 * answers pings, connects to a namespace with `auth`, emits with an ack, and
 * hands every event frame over as text; the benchmark reads from it only the
 * revision the frame brings. Ours and the raw Socket.IO baseline are measured
 * through the same client.
 */
import WebSocket from 'ws';

export class LeanSocket {
  private readonly acks = new Map<number, (value: unknown) => void>();
  private nextAck = 1;
  /** Every event frame of the namespace, as text (`42/<nsp>,["<event>",…]`). */
  onEvent: (frame: string) => void = () => undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly namespace: string,
  ) {}

  /** Connects to `namespace` on `baseUrl` (http://host:port) with `auth`; resolves once the namespace accepted it. */
  static connect(baseUrl: string, namespace: string, auth: Record<string, unknown>, timeoutMs = 30_000): Promise<LeanSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    const socket = new LeanSocket(ws, namespace);
    return new Promise<LeanSocket>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no connection to ${namespace} within ${timeoutMs} ms`)), timeoutMs);
      ws.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      ws.on('message', (raw: WebSocket.RawData) => {
        const frame = raw.toString();
        switch (frame[0]) {
          case '0': // Engine.IO open: ask for the namespace
            ws.send(`40${namespace},${JSON.stringify(auth)}`);
            return;
          case '2': // Engine.IO ping
            ws.send('3');
            return;
          case '4':
            socket.onPacket(frame, () => {
              clearTimeout(timer);
              resolve(socket);
            }, (message) => {
              clearTimeout(timer);
              reject(new Error(message));
            });
            return;
          default:
            return;
        }
      });
    });
  }

  /** Emits `event` with `data` and resolves with the ack's first argument. */
  emitWithAck(event: string, data: unknown, timeoutMs = 30_000): Promise<unknown> {
    const id = this.nextAck++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`no ack for ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.acks.set(id, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
      this.ws.send(`42${this.namespace},${id}${JSON.stringify([event, data])}`);
    });
  }

  close(): void {
    this.ws.close();
  }

  /** A Socket.IO packet (Engine.IO message `4…`): connect, connect error, event or ack of our namespace. */
  private onPacket(frame: string, connected: () => void, refused: (message: string) => void): void {
    const prefix = `${this.namespace},`;
    if (!frame.startsWith(prefix, 2)) return;
    const body = frame.slice(2 + prefix.length);
    switch (frame[1]) {
      case '0':
        connected();
        return;
      case '4':
        refused(`connection refused: ${body}`);
        return;
      case '2':
        this.onEvent(frame);
        return;
      case '3': {
        const open = body.indexOf('[');
        const ack = this.acks.get(Number(body.slice(0, open)));
        if (ack === undefined) return;
        this.acks.delete(Number(body.slice(0, open)));
        ack((JSON.parse(body.slice(open)) as unknown[])[0]);
        return;
      }
      default:
        return;
    }
  }
}

/**
 * The revision an event frame brings a watcher to: a `patch`'s `to`, a
 * `snapshot`'s `revision`; `null` for any other event. Patches and snapshots
 * put `projectId` and `view` (an id and a name) before these keys, so the
 * first occurrence is theirs.
 */
export function revisionOf(frame: string): number | null {
  const at = frame.indexOf(',["') + 3;
  const key = frame.startsWith('patch"', at) ? '"to":' : frame.startsWith('snapshot"', at) ? '"revision":' : null;
  if (key === null) return null;
  const start = frame.indexOf(key, at) + key.length;
  let end = start;
  while (end < frame.length && frame.charCodeAt(end) >= 48 && frame.charCodeAt(end) <= 57) end += 1;
  return end > start ? Number(frame.slice(start, end)) : null;
}
