// The compose stack's end-to-end check (docs/production.md): run on the host
// after `docker compose up -d --build`, with the repository's dependencies
// installed (`npm ci`). Through the load balancer it signs up and in; through
// replica 1 it creates a project; a socket on replica 2 subscribes to the
// project's board; a phase added through replica 1 must reach that socket;
// presence said on a socket on replica 1 must reach the socket on replica 2
// (through Redis). Exits 0 and prints OK, or exits 1 saying what failed. Bounded: 3 minutes.
import { io } from 'socket.io-client';

const LB = process.env.SMOKE_LB ?? 'http://127.0.0.1:3000';
const API_1 = process.env.SMOKE_API_1 ?? 'http://127.0.0.1:3001';
const API_2 = process.env.SMOKE_API_2 ?? 'http://127.0.0.1:3002';
const deadline = Date.now() + 180_000;

function fail(message) {
  console.error(`compose smoke: FAILED: ${message}`);
  process.exit(1);
}

async function call(base, method, path, { token, body } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function ready(base) {
  for (;;) {
    try {
      const health = await call(base, 'GET', '/health');
      if (health.status === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) fail(`${base}/health never answered 200`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

for (const base of [LB, API_1, API_2]) await ready(base);

const email = `smoke.${Date.now()}@example.com`;
const password = 'compose smoke test password';
const signup = await call(LB, 'POST', '/api/auth/signup', { body: { email, password, name: 'Compose Smoke' } });
if (signup.status !== 201) fail(`sign-up answered ${signup.status}: ${JSON.stringify(signup.body)}`);
const login = await call(LB, 'POST', '/api/auth/login', { body: { email, password } });
if (login.status !== 200) fail(`sign-in answered ${login.status}: ${JSON.stringify(login.body)}`);
const token = login.body.accessToken;

const project = await call(API_1, 'POST', '/api/projects', { token, body: { name: 'Compose smoke', currency: 'EUR' } });
if (project.status !== 201) fail(`creating a project on replica 1 answered ${project.status}: ${JSON.stringify(project.body)}`);
const projectId = project.body.id;

const socket = io(`${API_2}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
const phaseName = `Phase written through replica 1 at ${new Date().toISOString()}`;
const arrived = new Promise((resolve) => {
  socket.on('patch', (patch) => {
    if (patch.projectId === projectId && JSON.stringify(patch.ops).includes(phaseName)) resolve(patch);
  });
});
await new Promise((resolve, reject) => {
  socket.on('connect', resolve);
  socket.on('connect_error', (error) => reject(new Error(`socket on replica 2: ${error.message}`)));
}).catch((error) => fail(error.message));
// The projector may still be folding the project's creation on this replica's views: retry until subscribed.
for (;;) {
  const answer = await socket.timeout(10_000).emitWithAck('subscribe', { projectId, view: 'board' }).catch((error) => ({ ok: false, error: String(error) }));
  if (answer.ok) break;
  if (Date.now() > deadline) fail(`subscribing on replica 2: ${answer.error}`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

const phase = await call(API_1, 'POST', `/api/projects/${projectId}/phases`, { token, body: { name: phaseName } });
if (phase.status !== 201) fail(`adding a phase on replica 1 answered ${phase.status}: ${JSON.stringify(phase.body)}`);
const timer = setTimeout(() => fail('the change written through replica 1 never reached the socket on replica 2 (30 s)'), 30_000);
const patch = await arrived;
clearTimeout(timer);

// Presence: editing something on replica 1 shows on replica 2.
const editingId = `smoke-${Date.now()}`;
const seen = new Promise((resolve) => {
  socket.on('presence', (list) => {
    if (list.projectId === projectId && list.members.some((member) => member.editing?.id === editingId)) resolve(list);
  });
});
const other = io(`${API_1}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
await new Promise((resolve, reject) => {
  other.on('connect', resolve);
  other.on('connect_error', (error) => reject(new Error(`socket on replica 1: ${error.message}`)));
}).catch((error) => fail(error.message));
const subscribed = await other.timeout(10_000).emitWithAck('subscribe', { projectId, view: 'board' }).catch((error) => ({ ok: false, error: String(error) }));
if (!subscribed.ok) fail(`subscribing on replica 1: ${subscribed.error}`);
other.emit('presence', { projectId, editing: { kind: 'task', id: editingId } });
const presenceTimer = setTimeout(() => fail('presence said on replica 1 never reached the socket on replica 2 (30 s): is REDIS_URL set and Redis up?'), 30_000);
await seen;
clearTimeout(presenceTimer);
socket.close();
other.close();
console.log(`compose smoke: OK: a phase written through replica 1 reached a socket on replica 2 (revision ${patch.from} → ${patch.to}), and presence on replica 1 reached replica 2`);
process.exit(0);
