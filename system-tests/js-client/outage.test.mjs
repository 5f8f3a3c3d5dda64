// The JavaScript client library (clients/js, built) under faults, started by JsClientOutageIT: alice and bob
// exchange 2,000 messages (1,000 each way, paced over ~25 s) while the first gateway is killed and started again,
// and later the only broker is frozen for 10 s (alice sends one more 1 s into the freeze). The IT does what this
// script asks on stdout ("CONTROL kill gw-1") and answers "done" on stdin. Every assertion is here; a failure exits non-zero.
import assert from 'node:assert/strict';
import { ChatClient } from '../../clients/js/dist/node.mjs';
import { control, elapsed, env, log, sleep, token, until } from './harness.mjs';

const GW1 = env('GATEWAY_1');
const GW2 = env('GATEWAY_2');
const ALICE = env('ALICE');
const BOB = env('BOB');
const EACH_WAY = 1000;
const PACE_MS = 25; // one message each way per tick: 1,000 ticks, ~25 s
const FROZEN_MS = 10000;
const HOLD_AT = 500; // the traffic waits here for the freeze (asked for at 900 sends): 500 ticks, ~12.5 s, remain

function user(name, me, peer, gateways) {
  const u = { name, me, peer, inbox: [], states: [], sent: [], errors: [] };
  u.chat = new ChatClient({
    gateways,
    backoff: { max: 2000 }, // the test's budget: a gateway or broker away for ~10 s is retried at least every 2 s
    getToken: async () => token(me),
  });
  u.chat.on('message', (m) => u.inbox.push(m));
  u.chat.on('room', (m) => u.inbox.push(m));
  u.chat.on('sent', (s) => u.sent.push(s));
  u.chat.on('error', (e) => {
    log(name, 'error', e.code, e.message);
    u.errors.push(e);
  });
  u.chat.on('state', (s) => {
    u.states.push(s);
    if (s.state !== 'connecting') log(name, s.state, s.code ?? '', s.gateway);
  });
  u.connected = () => u.states.filter((s) => s.state === 'connected');
  return u;
}

const sends = []; // {from, to, text, issuedAt, resolved, resolvedAt, sent}
function send(u, text, duringFreeze) {
  const entry = { from: u, text, issuedAt: Date.now(), resolved: 0, duringFreeze };
  sends.push(entry);
  u.chat.send({ to: u.peer, text }).then((sent) => {
    entry.resolved += 1;
    entry.resolvedAt = Date.now();
    entry.sent = sent;
  }, (e) => {
    entry.rejected = e;
    log(u.name, 'send rejected', e.code, e.message);
  });
}

/** What the broker freeze saw: frozen from the moment `freeze` was done until `thaw` was asked for. */
const freeze = { frozen: false, thawAskedAt: 0 };

async function traffic(alice, bob) {
  let base = Date.now() - elapsed();
  for (let i = 1; i <= EACH_WAY; i++) {
    if (i === HOLD_AT) {
      // a slow gateway restart (a loaded machine) must not leave the freeze after the traffic: the rest goes on
      // while the broker is frozen
      await until('the broker frozen', () => freeze.frozen, 90000);
      base = Date.now() - i * PACE_MS;
    }
    const tick = base + i * PACE_MS;
    send(alice, `alice to bob ${i}`, freeze.frozen);
    send(bob, `bob to alice ${i}`, freeze.frozen);
    const wait = tick - Date.now();
    if (wait > 0) await sleep(wait);
    else if (i % 50 === 0) await sleep(0); // behind: still let the sockets work
  }
  log(`traffic done: ${sends.length} sends`);
}

async function faults(alice) {
  await until('300 sends before the gateway kill', () => sends.length >= 300, 30000);
  await control('kill gw-1');
  await control('start gw-1'); // done once gw-1 is ready again
  await until('900 sends before the broker freeze', () => sends.length >= 900, 60000);
  await control('freeze kafka');
  freeze.frozen = true;
  await sleep(1000);
  send(alice, 'alice to bob while the broker is frozen', true); // made during the freeze, whatever the traffic's pace
  await sleep(FROZEN_MS - 1000); // the fault itself: the broker frozen this long
  freeze.frozen = false;
  freeze.thawAskedAt = Date.now();
  await control('thaw kafka');
}

function check(u, other) {
  const seqs = u.inbox.map((m) => m.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), `${u.name}: inbox seqs once each, in order`);
  assert.equal(seqs[0], u.connected()[0].welcome.seq + 1, `${u.name}: from the first after the first welcome`);
  const fromPeer = u.inbox.filter((m) => m.type === 'message' && m.from === u.peer);
  const expected = sends.filter((s) => s.from === other).map((s) => s.sent.id);
  assert.equal(fromPeer.length, expected.length, `${u.name}: ${fromPeer.length} messages from ${other.name}`);
  assert.deepEqual(fromPeer.map((m) => m.id).sort(), [...expected].sort(), `${u.name}: every message once`);
  const own = u.inbox.filter((m) => m.type === 'message' && m.from === u.me);
  assert.equal(new Set(own.map((m) => m.id)).size, own.length, `${u.name}: own copies once each`);
  const texts = fromPeer.map((m) => m.text);
  const numbers = texts.map((t) => Number(t.split(' ').at(-1))).filter((n) => !Number.isNaN(n));
  const inSendOrder = numbers.every((n, i) => i === 0 || n > numbers[i - 1]);
  log(`${u.name}: ${fromPeer.length} from ${other.name}, seqs ${seqs[0]}..${seqs.at(-1)}, `
    + `${inSendOrder ? 'in the order sent' : 'not all in the order sent'}; `
    + `${u.connected().length} welcomes, gateways: ${u.connected().map((s) => (s.gateway === GW1 ? 'gw-1' : 'gw-2')).join(' ')}`);
}

async function main() {
  const alice = user('alice', ALICE, BOB, [GW1, GW2]);
  const bob = user('bob', BOB, ALICE, [GW2, GW1]);
  await Promise.all([alice.chat.connect(), bob.chat.connect()]);
  assert.equal(alice.connected()[0].gateway, GW1);
  assert.equal(bob.connected()[0].gateway, GW2);

  await Promise.all([traffic(alice, bob), faults(alice)]);

  await until('every send resolved', () => sends.every((s) => s.resolved > 0 || s.rejected), 60000);
  assert.deepEqual(sends.filter((s) => s.rejected).map((s) => s.rejected.code), [], 'no send rejected');
  const arrived = (u) => u.inbox.filter((m) => m.type === 'message' && m.from === u.peer).length
    >= sends.filter((s) => s.from.me === u.peer).length;
  await until('every message arrived', () => arrived(alice) && arrived(bob), 30000);
  await sleep(1000); // anything twice would come by now
  check(alice, bob);
  check(bob, alice);

  assert.equal(sends.length, 2 * EACH_WAY + 1);
  assert.ok(sends.every((s) => s.resolved === 1), 'every send promise resolved once');
  for (const u of [alice, bob]) {
    const mine = sends.filter((s) => s.from === u);
    assert.equal(u.sent.length, mine.length, `${u.name}: one sent answer per send`);
    assert.equal(new Set(mine.map((s) => s.sent.id)).size, mine.length, `${u.name}: one message per send`);
    assert.deepEqual(u.chat.pending(), []);
  }
  assert.ok(alice.connected().length >= 2 && alice.connected()[1].gateway === GW2, 'alice moved to gw-2');
  const frozen = sends.filter((s) => s.duringFreeze);
  assert.ok(frozen.length > 100, `sends were made while the broker was frozen: ${frozen.length}`);
  const early = frozen.filter((s) => s.resolvedAt < freeze.thawAskedAt);
  assert.deepEqual(early.map((s) => s.text), [], 'a send made during the freeze resolves only after it');
  const latest = Math.max(...frozen.map((s) => s.resolvedAt - freeze.thawAskedAt));
  log(`ok: ${sends.length} messages, each once; ${frozen.length} sent during the freeze, all resolved within `
    + `${(latest / 1000).toFixed(1)} s of the thaw`);
  alice.chat.close();
  bob.chat.close();
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
