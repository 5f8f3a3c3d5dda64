import assert from 'node:assert/strict';
import { test } from 'node:test';
import { client, gateway, sleep, until } from './support.mjs';

async function welcomed(t) {
  const a = await gateway();
  const b = await gateway();
  const c = client([a, b]);
  t.after(() => Promise.all([c.chat.close(), a.close(), b.close()]));
  const connecting = c.chat.connect();
  const connection = await a.next();
  connection.welcome('alice', 7);
  await connecting;
  return { ...c, a, b, connection };
}

const lastState = (events, state) => events.state.findLast((s) => s.state === state);

for (const [code, meaning] of [[1000, 'idle'], [1001, 'shutting down'], [4009, 'too slow'], [1003, 'binary frame'],
  [1007, 'not UTF-8'], [1009, 'too large'], [null, 'a dropped connection (no close frame)']]) {
  test(`${code || 1006} (${meaning}): reconnect to the next gateway and resume with since, the same token`, async (t) => {
    const { chat, events, tokens, b, connection } = await welcomed(t);
    if (code) connection.close(code, meaning);
    else connection.drop();
    const next = await b.next();
    const closed = lastState(events, 'disconnected');
    assert.equal(closed.code, code || 1006);
    assert.equal(closed.willReconnect, true);
    assert.ok(closed.delay <= 20, 'the first attempt after a welcome waits at most the shortest delay');
    assert.equal(next.since, '7');
    assert.equal(tokens.length, 1);
    assert.equal(next.token, tokens[0]);
    next.welcome('alice', 7);
    await until('connected', () => chat.connected);
  });
}

test('4001 (token expired): a fresh token from getToken, then reconnect at once', async (t) => {
  const { events, tokens, b, connection } = await welcomed(t);
  connection.close(4001, 'token expired');
  const next = await b.next();
  assert.equal(tokens.length, 2);
  assert.equal(next.token, tokens[1]);
  assert.equal(next.since, '7');
  const closed = lastState(events, 'disconnected');
  assert.deepEqual([closed.code, closed.willReconnect, closed.delay], [4001, true, 0]);
});

test('4003 (deactivated): stop for good; unanswered sends are rejected', async (t) => {
  const { chat, events, a, b, connection } = await welcomed(t);
  const answer = chat.send({ to: 'bob', text: 'too late' });
  await connection.next('send');
  connection.close(4003, 'user deactivated');
  await assert.rejects(answer, (e) => e.code === 'deactivated');
  const closed = lastState(events, 'disconnected');
  assert.deepEqual([closed.code, closed.willReconnect], [4003, false]);
  await sleep(300);
  assert.equal(a.accepted.length + b.accepted.length, 1, 'no reconnect');
  assert.equal(events.state.filter((s) => s.state === 'connecting').length, 1);
  assert.deepEqual(chat.pending(), []);
  assert.equal(chat.connected, false);
});

for (const code of [4008, 1008]) {
  test(`${code} (too many errors, rate limit): reconnect after a longer delay`, async (t) => {
    const { events, b, connection } = await welcomed(t);
    connection.close(code, 'slow down');
    const closed = await until('disconnected', () => lastState(events, 'disconnected')).then(() => lastState(events, 'disconnected'));
    assert.equal(closed.willReconnect, true);
    assert.ok(closed.delay >= 80 && closed.delay <= 100, `${closed.delay}: at least four times the shortest (20)`);
    const next = await b.next();
    assert.equal(next.since, '7');
  });
}

test('a handshake refused with 401: a fresh token for every attempt', async (t) => {
  const a = await gateway();
  const { chat, events, tokens } = client([a]);
  t.after(() => Promise.all([chat.close(), a.close()]));
  a.refuse(401);
  chat.connect().catch(() => {});
  await until('three attempts', () => events.state.filter((s) => s.state === 'disconnected').length >= 3);
  a.refuse(null);
  const connection = await a.next();
  assert.ok(tokens.length >= 4, `${tokens.length} tokens`);
  assert.equal(connection.token, tokens.at(-1));
  assert.equal(lastState(events, 'disconnected').status, 401);
});

test('a handshake refused with 403 (unknown or deactivated user): stop, and connect() rejects', async (t) => {
  const a = await gateway();
  const { chat, events } = client([a]);
  t.after(() => Promise.all([chat.close(), a.close()]));
  a.refuse(403);
  await assert.rejects(chat.connect(), (e) => e.code === 'refused');
  const closed = lastState(events, 'disconnected');
  assert.deepEqual([closed.status, closed.willReconnect], [403, false]);
  await sleep(200);
  assert.equal(events.state.filter((s) => s.state === 'connecting').length, 1);
});

test('a handshake refused with 429 (rate limited): back off longer', async (t) => {
  const a = await gateway();
  const { chat, events } = client([a]);
  t.after(() => Promise.all([chat.close(), a.close()]));
  a.refuse(429);
  chat.connect().catch(() => {});
  await until('refused', () => lastState(events, 'disconnected'));
  const closed = lastState(events, 'disconnected');
  assert.equal(closed.status, 429);
  assert.ok(closed.delay >= 80, `${closed.delay}`);
});

test('close() stops reconnecting; connect() starts again with what is held', async (t) => {
  const { chat, events, a, b, connection } = await welcomed(t);
  chat.close();
  assert.equal(await connection.closed, 1000);
  assert.deepEqual([lastState(events, 'disconnected').code, lastState(events, 'disconnected').willReconnect], [1000, false]);
  await sleep(150);
  assert.equal(a.accepted.length + b.accepted.length, 1);
  chat.connect();
  const next = await b.next();
  assert.equal(next.since, '7');
});

test('close() in a state handler stops the reconnect the close had scheduled', async (t) => {
  const { chat, events, a, b, connection } = await welcomed(t);
  chat.on('state', (s) => s.state === 'disconnected' && s.willReconnect && chat.close());
  connection.close(4001, 'token expired');
  await until('stopped', () => lastState(events, 'disconnected')?.willReconnect === false);
  await sleep(150);
  assert.equal(a.accepted.length + b.accepted.length, 1, 'no reconnect');
  assert.equal(events.state.at(-1).state, 'disconnected', 'no connecting after the close');
});
