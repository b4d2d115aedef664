import { io, type Socket } from 'socket.io-client';
import { person, startApi, type RunningApi } from '../support/api';

/** The `/live` handshake: only a valid, live session gets a socket. */
describe('Socket.IO handshake on /live', () => {
  let api: RunningApi;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    api = await startApi({ CORS_ORIGINS: 'https://app.example.com' });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await api.close();
  });

  function connect(auth: Record<string, unknown>, origin?: string): Promise<{ connected: true } | { connected: false; error: string }> {
    const socket = io(`${api.url}/live`, {
      auth,
      transports: ['websocket'],
      reconnection: false,
      timeout: 5000,
      extraHeaders: origin === undefined ? {} : { origin },
    });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.on('connect', () => resolve({ connected: true }));
      socket.on('connect_error', (error) => resolve({ connected: false, error: error.message }));
    });
  }

  it('lets a signed-in user connect', async () => {
    const ada = await person(api, 'Ada');
    expect(await connect({ token: ada.token })).toEqual({ connected: true });
  });

  it('refuses no token, a bad token and the token of an ended session', async () => {
    expect(await connect({})).toEqual({ connected: false, error: 'unauthorized' });
    expect(await connect({ token: 'not-a-token' })).toEqual({ connected: false, error: 'unauthorized' });
    const bob = await person(api, 'Bob');
    await api.call('POST', '/api/auth/logout', { token: bob.token });
    expect(await connect({ token: bob.token })).toEqual({ connected: false, error: 'unauthorized' });
  });

  it('closes the sockets of a session the moment it ends', async () => {
    const cleo = await person(api, 'Cleo');
    const socket = io(`${api.url}/live`, { auth: { token: cleo.token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    const closed = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
    expect((await api.call('POST', '/api/auth/logout', { token: cleo.token })).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
  });

  it('refuses the default namespace', async () => {
    const ada = await person(api, 'Ada');
    const socket = io(api.url, { auth: { token: ada.token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const outcome = await new Promise<string>((resolve) => {
      socket.on('connect', () => resolve('connected'));
      socket.on('connect_error', (error) => resolve(error.message));
    });
    expect(outcome).toBe('unauthorized');
  });

  it('refuses a browser from an origin that is not allowed', async () => {
    const ada = await person(api, 'Ada');
    expect(await connect({ token: ada.token }, 'https://app.example.com')).toEqual({ connected: true });
    const foreign = await connect({ token: ada.token }, 'https://evil.example');
    expect(foreign.connected).toBe(false);
  });
});

describe('Socket.IO on /live when the access token expires', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ ACCESS_TOKEN_TTL_SECONDS: '10' });
  });

  afterAll(async () => {
    await api.close();
  });

  it('closes the socket when the token that opened it expires', async () => {
    const ada = await person(api, 'Ada');
    const socket = io(`${api.url}/live`, { auth: { token: ada.token }, transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', () => resolve());
        socket.on('connect_error', reject);
      });
      const reason = await new Promise<string>((resolve) => socket.on('disconnect', (why) => resolve(why)));
      expect(reason).toBe('io server disconnect');
      expect((await api.call('GET', '/api/me', { token: ada.token })).status).toBe(401);
    } finally {
      socket.close();
    }
  }, 30_000);
});
