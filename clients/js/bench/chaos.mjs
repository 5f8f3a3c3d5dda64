// `scripts/bench chaos --client js`: the chaos scenario with the JavaScript client library as the load. N clients
// of the built library (dist/node.mjs), one per user, send direct messages at a steady rate to random users while
// the fault schedule of `scripts/bench chaos` kills (or freezes) one instance at a time with
// `scripts/chat-engine kill` and brings it back with `start`. What reaches the application (the library's events,
// after its dedupe) is counted: a message answered `sent` that never reached its recipient is lost, one that
// reached it twice is duplicated, an inbox seq skipped in a client's events is a gap. Prints one JSON line; exits
// 1 when anything was lost, duplicated, skipped, rejected or never answered.
//
//   node clients/js/bench/chaos.mjs --run-dir DIR [--users 200] [--rate 100] [--duration 180]
//        [--faults gw-1:KILL,...] [--first 20] [--every 20] [--restart-after 5] [--frozen-for 20] [--drain 30]
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChatClient } from '../dist/node.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The default schedule of `scripts/bench chaos` (bench's Faults.DEFAULT), for a 3-broker engine. */
const DEFAULT_FAULTS = 'gw-1:KILL,gw-2:TERM,presence-1:KILL,query-1:KILL,users-1:KILL,kafka-2:KILL,kafka-3:STOP';
const SETTLED_AGE_MS = 2000; // the chat has settled when every message sent this long ago has arrived
const SETTLE_TIMEOUT_MS = 60000;
const READY_TIMEOUT_MS = 90000;
const TAIL_MS = 10000; // the traffic goes on this long after the last fault has settled
const OVERRUN_MS = 300000; // at most this far past --duration while the faults go on

const options = parseOptions(process.argv.slice(2));
const runDir = required('run-dir');
const USERS = integer('users', 200);
const RATE = Number(options.rate ?? 100);
const DURATION_MS = integer('duration', 180) * 1000;
const FIRST_MS = integer('first', 20) * 1000;
const EVERY_MS = integer('every', 20) * 1000;
const RESTART_AFTER_MS = integer('restart-after', 5) * 1000;
const FROZEN_FOR_MS = integer('frozen-for', 20) * 1000;
const DRAIN_MS = integer('drain', 30) * 1000;

const endpoints = JSON.parse(readFileSync(resolve(runDir, 'endpoints.json'), 'utf8'));
const secret = readFileSync(resolve(runDir, 'jwt-secret'), 'utf8').trim();
const schedule = parseFaults(options.faults ?? DEFAULT_FAULTS);
const started = Date.now();
const say = (text) => process.stderr.write(`chaos-js: ${((Date.now() - started) / 1000).toFixed(1)} s: ${text}\n`);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function parseOptions(args) {
  const out = {};
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith('--')) throw new Error(`unexpected argument ${args[i]}`);
    const flag = i + 1 >= args.length || args[i + 1].startsWith('--');
    out[args[i].slice(2)] = flag ? 'true' : args[++i];
  }
  return out;
}

function required(name) {
  if (!options[name]) throw new Error(`--${name} is required`);
  return options[name];
}

function integer(name, fallback) {
  const value = options[name] === undefined ? fallback : Number(options[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, not ${options[name]}`);
  return value;
}

function parseFaults(spec) {
  const instances = endpoints.processes.map((p) => p.instance);
  return spec.split(',').map((item) => {
    const [instance, given] = item.trim().split(':');
    const signal = (given ?? 'KILL').toUpperCase();
    if (!['KILL', 'TERM', 'STOP'].includes(signal)) throw new Error(`unknown signal in --faults ${item}: KILL, TERM or STOP`);
    if (!instances.includes(instance)) {
      throw new Error(`the engine has no instance ${instance} (it has ${instances.join(', ')}); the default faults need `
        + 'scripts/chat-engine up --brokers 3 --gateways 2 --presence 2 --query 2, or choose them with --faults, '
        + 'e.g. --faults gw-1:KILL');
    }
    return { instance, signal, name: `${instance}:${signal}`, downMs: signal === 'STOP' ? FROZEN_FOR_MS : RESTART_AFTER_MS };
  });
}

function sign(claims) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iat: now, exp: now + 3600, ...claims })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** The users js-chaos-1..N: made when missing (a 409 is one made by an earlier run). */
async function ensureUsers() {
  const admin = sign({ sub: 'bench-admin', role: 'admin' });
  const names = Array.from({ length: USERS }, (_, i) => `js-chaos-${i + 1}`);
  for (let i = 0; i < names.length; i += 20) {
    await Promise.all(names.slice(i, i + 20).map(async (username) => {
      const response = await fetch(`${endpoints.users[0]}/users`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, displayName: username }),
      });
      if (response.status !== 201 && response.status !== 409) {
        throw new Error(`creating ${username}: ${response.status} ${await response.text()}`);
      }
    }));
  }
  return names;
}

// ---- the load: what the library emitted ----

const counts = { sent: 0, answered: 0, rejected: 0, arrivals: 0, duplicated: 0, gaps: 0, disorder: 0, reconnects: 0 };
const sends = []; // {to, issuedAt, id?, answeredAt?}
const arrivals = new Map(); // `${to} ${id}` -> times the recipient's application saw it

function client(name, index) {
  const c = { name, lastSeq: null, welcomes: 0 };
  // each client starts at its own gateway and goes round the list from there
  const gateways = endpoints.gateways.map((_, i) => endpoints.gateways[(index + i) % endpoints.gateways.length]);
  c.chat = new ChatClient({ gateways, getToken: async () => sign({ sub: name }) });
  c.chat.on('state', (s) => {
    if (s.state !== 'connected') return;
    c.welcomes += 1;
    if (c.welcomes > 1) counts.reconnects += 1;
    if (c.lastSeq === null) c.lastSeq = s.welcome.seq; // live from the first welcome
  });
  const inbox = (m) => {
    if (m.seq > c.lastSeq + 1) counts.gaps += m.seq - c.lastSeq - 1;
    if (m.seq <= c.lastSeq) counts.disorder += 1;
    c.lastSeq = Math.max(c.lastSeq, m.seq);
  };
  c.chat.on('room', inbox);
  c.chat.on('message', (m) => {
    if (m.room) return;
    inbox(m);
    if (m.from === name) return; // the sender's own copy
    counts.arrivals += 1;
    const key = `${name} ${m.id}`;
    const seen = (arrivals.get(key) ?? 0) + 1;
    arrivals.set(key, seen);
    if (seen > 1) counts.duplicated += 1;
  });
  c.chat.on('error', (e) => say(`${name}: error ${e.code} ${e.message}`));
  return c;
}

function send(from, to) {
  const entry = { to, issuedAt: Date.now() };
  sends.push(entry);
  counts.sent += 1;
  from.chat.send({ to, text: `chaos ${counts.sent}` }).then((sent) => {
    counts.answered += 1;
    entry.id = sent.id;
    entry.answeredAt = Date.now();
  }, (e) => {
    counts.rejected += 1;
    entry.rejected = e.code;
    say(`send rejected: ${e.code} ${e.message}`);
  });
}

const arrived = (s) => s.id !== undefined && arrivals.has(`${s.to} ${s.id}`);
/** Every message sent more than `ageMs` ago was answered and reached its recipient. */
function settled(ageMs) {
  const before = Date.now() - ageMs;
  for (let i = sends.length - 1; i >= 0; i--) {
    const s = sends[i];
    if (s.issuedAt <= before && !s.rejected && !arrived(s)) return false;
  }
  return true;
}

async function traffic(clients, endsAt) {
  const tickMs = 10;
  let owed = 0;
  let last = Date.now();
  while (Date.now() < endsAt()) {
    await sleep(tickMs);
    const now = Date.now();
    owed += ((now - last) / 1000) * RATE;
    last = now;
    for (; owed >= 1; owed -= 1) {
      const from = Math.floor(Math.random() * clients.length);
      const to = (from + 1 + Math.floor(Math.random() * (clients.length - 1))) % clients.length;
      send(clients[from], clients[to].name);
    }
  }
}

// ---- the faults ----

function chatEngine(...args) {
  return new Promise((done) => {
    execFile(resolve(ROOT, 'scripts/chat-engine'), args, { cwd: ROOT, env: { ...process.env, CHAT_RUN_DIR: resolve(runDir) }, timeout: 60000 },
      (error, stdout, stderr) => done(error ? `scripts/chat-engine ${args.join(' ')}: ${(stdout + stderr).trim() || error.message}` : null));
  });
}

function brokerTakes(url) {
  const [host, port] = url.split(':');
  return new Promise((done) => {
    const socket = tcpConnect({ host, port: Number(port), timeout: 500 });
    const end = (ok) => { socket.destroy(); done(ok); };
    socket.on('connect', () => end(true));
    socket.on('error', () => end(false));
    socket.on('timeout', () => end(false));
  });
}

/** A broker is ready when it takes connections; a service when its /health/ready is 200. */
async function awaitReady(instance) {
  const target = endpoints.processes.find((p) => p.instance === instance);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (target.service === 'kafka') {
      if (await brokerTakes(target.url)) return null;
    } else {
      try {
        if ((await fetch(`${target.ops}/health/ready`, { signal: AbortSignal.timeout(2000) })).status === 200) return null;
      } catch { /* not up yet */ }
    }
    await sleep(100);
  }
  return `${instance} was not ready ${READY_TIMEOUT_MS / 1000} s after start`;
}

/** One fault at a time: the i-th at first + i * every, or once the one before has settled, whichever is later. */
async function runFaults(origin, report) {
  let notBefore = 0;
  for (let i = 0; i < schedule.length; i++) {
    const fault = schedule[i];
    const due = Math.max(notBefore, origin + FIRST_MS + i * EVERY_MS);
    await sleep(Math.max(0, due - Date.now()));
    const killed = Date.now();
    const entry = { fault: fault.name, atS: round((killed - origin) / 1000), readyS: -1, settledS: -1 };
    report.push(entry);
    say(fault.name);
    let problem = await chatEngine('kill', fault.instance, '--signal', fault.signal);
    await sleep(Math.max(0, killed + fault.downMs - Date.now()));
    const startedAt = Date.now();
    problem = problem ?? await chatEngine('start', fault.instance);
    problem = problem ?? await awaitReady(fault.instance);
    if (problem === null) entry.readyS = round((Date.now() - startedAt) / 1000);
    else entry.problem = problem;
    const calmBy = Date.now() + SETTLE_TIMEOUT_MS;
    while (!settled(SETTLED_AGE_MS) && Date.now() < calmBy) await sleep(250);
    if (settled(SETTLED_AGE_MS)) entry.settledS = round((Date.now() - killed) / 1000);
    say(`${fault.name}: ${problem ?? `ready ${entry.readyS} s after start`}, `
      + `${entry.settledS < 0 ? 'did not settle' : `settled ${entry.settledS} s after the kill`}`);
    notBefore = Date.now();
  }
}

const round = (x) => Math.round(x * 10) / 10;

async function main() {
  const names = await ensureUsers();
  const clients = names.map((name, i) => client(name, i));
  say(`${clients.length} users; connecting`);
  for (let i = 0; i < clients.length; i += 20) {
    await Promise.all(clients.slice(i, i + 20).map((c) => c.chat.connect()));
  }
  say('connected; traffic and faults');
  const origin = Date.now();
  const faults = [];
  let faultsDone = 0;
  const faulting = runFaults(origin, faults).finally(() => { faultsDone = Date.now(); });
  await traffic(clients, () => (faultsDone === 0 ? origin + DURATION_MS + OVERRUN_MS
    : Math.max(origin + DURATION_MS, faultsDone + TAIL_MS)));
  await faulting;
  const trafficS = round((Date.now() - origin) / 1000);
  say(`traffic ended after ${trafficS} s; waiting for what is outstanding`);
  const drainBy = Date.now() + DRAIN_MS;
  while (!settled(0) && Date.now() < drainBy) await sleep(250);
  await sleep(2000); // anything twice would come by now
  const unanswered = sends.filter((s) => s.id === undefined && !s.rejected).length;
  const lost = sends.filter((s) => s.id !== undefined && !arrived(s)).length + unanswered;
  const pending = clients.reduce((n, c) => n + c.chat.pending().length, 0);
  for (const c of clients) c.chat.close();
  const result = {
    scenario: 'chaos', client: 'js', users: USERS, gateways: endpoints.gateways.length,
    brokers: endpoints.kafka.split(',').length, rate: RATE, durationS: DURATION_MS / 1000, trafficS,
    sent: counts.sent, answered: counts.answered, received: counts.arrivals,
    lost, duplicated: counts.duplicated, gaps: counts.gaps, outOfOrder: counts.disorder,
    unanswered, rejected: counts.rejected, pending, reconnects: counts.reconnects, faults,
  };
  console.log(JSON.stringify(result));
  const clean = lost + counts.duplicated + counts.gaps + counts.disorder + counts.rejected === 0
    && faults.every((f) => !f.problem);
  process.exit(clean ? 0 : 1);
}

main().catch((e) => {
  console.error(`chaos-js: ${e.message}`);
  process.exit(2);
});
