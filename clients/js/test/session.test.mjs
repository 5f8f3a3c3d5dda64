import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { memoryStorage } from '../dist/node.mjs';
import { client, gateway, sleep, token, until } from './support.mjs';

test('expiring is answered with a refresh carrying a fresh token; the socket stays', async (t) => {
  const server = await gateway();
  const { chat, events, tokens } = client([server]);
  t.after(() => Promise.all([chat.close(), server.close()]));
  const connecting = chat.connect();
  const connection = await server.next();
  connection.welcome('alice', 0);
  await connecting;
  connection.send({ type: 'expiring', in: 59 });
  const refresh = await connection.next('refresh');
  assert.equal(tokens.length, 2);
  assert.equal(refresh.token, tokens[1]);
  connection.send({ type: 'refreshed', ref: refresh.ref, expiresAt: '2030-01-01T00:00:00.000Z' });
  connection.send({ type: 'expiring', in: 59 });
  const second = await connection.next('refresh');
  connection.send({ type: 'error', ref: second.ref, code: 'token_expired', message: 'expired' });
  await until('the error', () => events.error.length === 1);
  assert.equal(events.error[0].code, 'token_expired');
  await sleep(50);
  assert.equal(server.accepted.length, 1, 'no reconnect');
  assert.ok(chat.connected);
  // the next connection, after a close that needs no new token, uses the refreshed one
  connection.close(1001);
  const next = await server.next();
  assert.equal(next.token, tokens[2]);
});

test('an expiring that comes before the welcome is answered right after it', async (t) => {
  const server = await gateway();
  const { chat, tokens } = client([server]);
  t.after(() => Promise.all([chat.close(), server.close()]));
  chat.connect();
  const connection = await server.next();
  connection.send({ type: 'expiring', in: 9 });
  await until('a fresh token', () => tokens.length === 2);
  await sleep(30);
  assert.deepEqual(connection.received, [], 'nothing before the welcome');
  connection.welcome('alice', 0);
  const refresh = await connection.next('refresh');
  assert.equal(refresh.token, tokens[1]);
  assert.equal(connection.received[0].type, 'refresh');
});

test('a new client over the same storage resumes: since, room seqs, the outbox with its refs', async (t) => {
  const server = await gateway();
  const storage = memoryStorage();
  const first = client([server], { storage });
  const connecting = first.chat.connect();
  const one = await server.next();
  one.welcome('alice', 5, ['team-a']);
  await connecting;
  await one.next('subscribe');
  one.send({ type: 'subscribed', room: 'team-a', seq: 2 });
  one.send({ type: 'message', room: 'team-a', id: 'a3', seq: 3, from: 'bob', text: 'x', at: 'now' });
  one.send({ type: 'message', id: 'm6', seq: 6, from: 'bob', to: 'alice', text: 'x', at: 'now' });
  await until('two messages', () => first.events.message.length === 2);
  first.chat.send({ to: 'bob', text: 'unanswered' }).catch(() => {});
  const unanswered = await one.next('send');
  first.chat.close(); // the page goes away

  const second = client([server], { storage });
  t.after(() => Promise.all([second.chat.close(), server.close()]));
  second.chat.connect();
  const two = await server.next();
  assert.equal(two.since, '6');
  two.welcome('alice', 6, ['team-a']);
  assert.deepEqual((await two.next('subscribe')).rooms, { 'team-a': 3 });
  assert.deepEqual(await two.next('send'), unanswered, 'the same ref from the new client');
  assert.deepEqual(second.chat.pending().map((p) => p.ref), [unanswered.ref]);
  two.send({ type: 'message', id: 'm6', seq: 6, from: 'bob', to: 'alice', text: 'x', at: 'now' });
  two.send({ type: 'message', room: 'team-a', id: 'a3', seq: 3, from: 'bob', text: 'x', at: 'now' });
  two.send({ type: 'sent', ref: unanswered.ref, id: 'm7', at: 'now' });
  await until('the sent event', () => second.events.sent.length === 1);
  assert.equal(second.events.message.length, 0, 'nothing the first client emitted');
  assert.deepEqual(second.chat.pending(), []);
  assert.deepEqual(JSON.parse(storage.get('chat-engine:alice')).outbox, []);
});

test('storage is per user, and may answer a promise', async (t) => {
  const server = await gateway();
  const values = new Map([['chat-engine:bob', JSON.stringify({ since: 40, rooms: {}, off: [], outbox: [] })]]);
  const storage = { get: async (key) => values.get(key), set: async (key, value) => void values.set(key, value) };
  const alice = client([server], { storage });
  alice.chat.connect();
  assert.equal((await server.next()).since, null, "bob's state is not alice's");
  alice.chat.close();
  const bob = client([server], { storage, user: 'bob' });
  t.after(() => Promise.all([bob.chat.close(), server.close()]));
  bob.chat.connect();
  assert.equal((await server.next()).since, '40');
});

test('in a browser build, localStorage is the default storage', async (t) => {
  const values = new Map();
  globalThis.localStorage = { getItem: (k) => values.get(k) ?? null, setItem: (k, v) => values.set(k, v) };
  t.after(() => delete globalThis.localStorage);
  const { ChatClient } = await import('../dist/browser.mjs');
  const server = await gateway();
  const chat = new ChatClient({ gateways: [server.url], getToken: () => token('carol'), WebSocket });
  t.after(() => Promise.all([chat.close(), server.close()]));
  chat.connect();
  (await server.next()).welcome('carol', 12);
  await until('saved', () => JSON.parse(values.get('chat-engine:carol') || '{}').since === 12);
  assert.equal(JSON.parse(values.get('chat-engine:carol')).since, 12);
});

test('watch, read and typing: watch again after a reconnect, reads kept while offline, typing at most every 2 s', async (t) => {
  const server = await gateway();
  const { chat, events } = client([server]);
  t.after(() => Promise.all([chat.close(), server.close()]));
  chat.watch(['bob']);
  chat.read({ with: 'bob', seq: 3 });
  chat.read({ with: 'bob', seq: 5 });
  chat.read({ with: 'bob', seq: 4 });
  chat.read({ room: 'team-a', seq: 9 });
  const connecting = chat.connect();
  const one = await server.next();
  one.welcome('alice', 0);
  await connecting;
  assert.deepEqual((await one.next('watch')).users, ['bob']);
  assert.deepEqual([await one.next('read'), await one.next('read')], [
    { type: 'read', with: 'bob', seq: 5 }, { type: 'read', room: 'team-a', seq: 9 }]);
  chat.typing({ to: 'bob' });
  chat.typing({ to: 'bob' });
  chat.typing({ room: 'team-a' });
  assert.deepEqual(await one.next('typing'), { type: 'typing', to: 'bob' });
  assert.deepEqual(await one.next('typing'), { type: 'typing', room: 'team-a' });
  for (const frame of [{ type: 'presence', user: 'bob', online: true, lastSeen: 'now' },
    { type: 'typing', user: 'bob' }, { type: 'read', with: 'bob', user: 'bob', seq: 2 }]) one.send(frame);
  await until('the events', () => events.presence.length && events.typing.length && events.read.length);
  one.close(1001);
  const two = await server.next();
  two.welcome('alice', 0);
  assert.deepEqual((await two.next('watch')).users, ['bob']);
  await sleep(30);
  assert.equal(one.received.filter((f) => f.type === 'typing').length, 2);
  assert.deepEqual(two.received.filter((f) => f.type === 'read'), [], 'reads sent once');
});

test('an error in an application handler does not break the client', async (t) => {
  const server = await gateway();
  const { chat, events } = client([server]);
  t.after(() => Promise.all([chat.close(), server.close()]));
  const thrown = [];
  process.setUncaughtExceptionCaptureCallback((e) => thrown.push(e)); // reported outside the client, as uncaught
  t.after(() => process.setUncaughtExceptionCaptureCallback(null));
  chat.on('message', () => {
    throw new Error('the application failed');
  });
  const connecting = chat.connect();
  const connection = await server.next();
  connection.welcome('alice', 0);
  await connecting;
  connection.send({ type: 'message', id: 'm1', seq: 1, from: 'bob', to: 'alice', text: 'x', at: 'now' });
  connection.send({ type: 'message', id: 'm2', seq: 2, from: 'bob', to: 'alice', text: 'x', at: 'now' });
  await until('both', () => events.message.length === 2 && thrown.length === 2);
  assert.equal(chat.since, 2);
});
