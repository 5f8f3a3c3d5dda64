// The JavaScript client library (clients/js, built) against a running engine with two gateways, started by
// JsClientIT, which also kills and restarts the first gateway when this script asks on stdout ("CONTROL kill gw1")
// and answers "done" on stdin. Every assertion is here; a failure exits non-zero.
import assert from 'node:assert/strict';
import { ChatClient } from '../../clients/js/dist/node.mjs';
import { control, elapsed, env, log, sleep, token, until } from './harness.mjs';

const GW1 = env('GATEWAY_1');
const GW2 = env('GATEWAY_2');
const USERS_URL = env('USERS_URL');
const ALICE = env('ALICE');
const BOB = env('BOB');
const DAVE = env('DAVE');
const ROOM = env('ROOM');

/** One device of a user: a client and everything it emitted. */
function device(name, user, gateways, firstTokenTtl = 3600) {
  const d = { name, user, tokens: 0, inbox: [], rooms: [], states: [], errors: [], sent: [], subscribed: [] };
  d.chat = new ChatClient({
    gateways,
    backoff: { max: 2000 }, // the test's budget: a gateway down for ~10 s is retried at least every 2 s
    getToken: async () => {
      d.tokens += 1;
      return token(user, d.tokens === 1 ? firstTokenTtl : 3600);
    },
  });
  d.chat.on('message', (m) => (m.room ? d.rooms : d.inbox).push(m));
  d.chat.on('room', (m) => d.inbox.push(m)); // the user's own membership changes share the inbox seqs
  d.chat.on('member', (m) => d.rooms.push(m));
  d.chat.on('closed', (m) => d.rooms.push(m));
  d.chat.on('subscribed', (s) => d.subscribed.push(s));
  d.chat.on('sent', (s) => d.sent.push(s));
  d.chat.on('error', (e) => {
    log(name, 'error', e.code, e.message);
    d.errors.push(e);
  });
  d.chat.on('state', (s) => {
    d.states.push(s);
    log(name, s.state, s.code ?? '', s.willReconnect === false ? 'for good' : '', s.gateway);
  });
  d.connected = () => d.states.filter((s) => s.state === 'connected');
  return d;
}

const sends = []; // {device, message, promise, resolved}
function send(d, message) {
  const entry = { device: d, message, resolved: 0 };
  entry.promise = d.chat.send(message).then((sent) => {
    entry.resolved += 1;
    entry.sent = sent;
    return sent;
  });
  sends.push(entry);
  return entry.promise;
}

let round = 0;
function exchange(alice, bob) {
  round += 1;
  return Promise.all([
    send(alice, { to: BOB, text: `alice to bob ${round}` }),
    send(bob, { to: ALICE, text: `bob to alice ${round}` }),
    send(alice, { room: ROOM, text: `alice in the room ${round}` }),
    send(bob, { room: ROOM, text: `bob in the room ${round}` }),
  ]);
}

/** Each inbox seq once, consecutive, and exactly the direct messages sent; each room seq once, consecutive, and the room's messages. */
function checkEverythingOnce(d) {
  const seqs = d.inbox.map((m) => m.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), `${d.name}: inbox seqs once each, in order: ${seqs}`);
  // the first connection starts live from its welcome's seq (the room's `added` entry, made before, is below it)
  assert.equal(seqs[0], d.connected()[0].welcome.seq + 1, `${d.name}: from the first after the first welcome`);
  const direct = sends.filter((s) => s.message.to).map((s) => s.sent.id).sort();
  const messages = d.inbox.filter((m) => m.type === 'message');
  assert.deepEqual(messages.map((m) => m.id).sort(), direct, `${d.name}: every direct message, once`);
  assert.deepEqual(d.inbox.filter((m) => m.type === 'room'), [], `${d.name}: no membership change`);
  const roomSeqs = d.rooms.map((m) => m.seq);
  assert.deepEqual(roomSeqs, roomSeqs.map((_, i) => i + 1), `${d.name}: room seqs once each, in order: ${roomSeqs}`);
  const inRoom = sends.filter((s) => s.message.room).map((s) => s.sent.id).sort();
  assert.deepEqual(d.rooms.map((m) => m.id).sort(), inRoom, `${d.name}: every room message, once`);
}

const everything = (d) => () => d.inbox.filter((m) => m.type === 'message').length
    === sends.filter((s) => s.message.to).length
  && d.rooms.length === sends.filter((s) => s.message.room).length;

async function main() {
  // alice's first token expires 15 s after it is made: the gateway says `expiring` at once
  const alice = device('alice', ALICE, [GW1, GW2], 15);
  const bob = device('bob', BOB, [GW2, GW1]);
  const alicePhone = device('alice-phone', ALICE, [GW1]); // only the gateway that will be killed
  const dave = device('dave', DAVE, [GW2, GW1]);
  const devices = [alice, bob, alicePhone];
  await Promise.all([...devices, dave].map((d) => d.chat.connect()));
  assert.equal(alice.connected()[0].gateway, GW1);
  assert.equal(bob.connected()[0].gateway, GW2);
  // every device follows the room from its welcome, live from now: wait until each is subscribed
  await until('every device subscribed to the room', () => devices.every((d) => d.subscribed.some((s) => s.room === ROOM)));

  // a deactivated user's client stops for good on 4003
  const deleted = await fetch(`${USERS_URL}/users/${DAVE}`, {
    method: 'DELETE', headers: { Authorization: `Bearer ${token('js-admin', 600, { role: 'admin' })}` },
  });
  assert.equal(deleted.status, 204);

  log('live: two rounds over both gateways');
  await exchange(alice, bob);
  await exchange(alice, bob);
  await until('dave stopped', () => dave.states.some((s) => s.state === 'disconnected'), 5000);
  const stop = dave.states.find((s) => s.state === 'disconnected');
  assert.deepEqual([stop.code, stop.willReconnect], [4003, false]);

  // alice's first token has expired: the socket was refreshed through getToken, not closed with 4001
  await until('alice\'s first token past its expiry', () => elapsed() > 18000, 30000);
  assert.ok(alice.tokens >= 2, `getToken asked again on expiring (${alice.tokens})`);
  assert.equal(alice.connected().length, 1, 'alice still on her first socket');
  assert.equal(alice.states.filter((s) => s.state === 'disconnected').length, 0);
  assert.equal(alice.errors.length, 0);
  assert.equal(dave.states.filter((s) => s.state === 'connecting').length, 1, 'dave never tried again');

  await control('kill gw1');
  log('gw1 down: sends from both sides, alice resent through gw2');
  await Promise.all([exchange(alice, bob), exchange(alice, bob)]);
  assert.equal(alice.connected().at(-1).gateway, GW2, 'alice moved to the other gateway');
  // its only gateway is down: it tries again after each backoff (a random wait, so wait for the second attempt)
  await until('the phone keeps trying',
    () => alicePhone.states.filter((s) => s.state === 'disconnected').length >= 2, 30000);
  await control('restart gw1');
  await exchange(alice, bob);
  await until('the phone back on gw1', () => alicePhone.connected().length >= 2);
  await exchange(alice, bob);

  for (const d of devices) await until(`${d.name} has every message`, everything(d));
  await sleep(1000); // anything twice would come by now
  for (const d of devices) checkEverythingOnce(d);
  assert.ok(sends.every((s) => s.resolved === 1), 'every send promise resolved once');
  for (const d of [alice, bob]) {
    const mine = sends.filter((s) => s.device === d);
    assert.equal(d.sent.length, mine.length, `${d.name}: one sent answer per send`);
    assert.equal(new Set(mine.map((s) => s.sent.ref)).size, mine.length, `${d.name}: refs unique`);
    assert.deepEqual(d.chat.pending(), []);
  }
  log(`ok: ${sends.length} messages, each once on ${devices.length} devices; alice's tokens: ${alice.tokens}`);
  for (const d of [...devices, dave]) d.chat.close();
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
