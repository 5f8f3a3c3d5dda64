import assert from 'node:assert/strict';
import { test } from 'node:test';
import { client, gateway, sleep, until } from './support.mjs';

const message = (seq, extra = {}) => ({ type: 'message', id: `m${seq}`, seq, from: 'bob', to: 'alice', text: `t${seq}`,
  at: 'now', ...extra });

test('inbox frames are emitted once each, by seq, across reconnects; the resume asks since the last', async (t) => {
  const server = await gateway();
  const { chat, events } = client([server]);
  t.after(() => Promise.all([chat.close(), server.close()]));
  chat.connect();
  const first = await server.next();
  assert.equal(first.since, null, 'the first connection starts from now');
  first.welcome('alice', 10);
  for (const seq of [11, 12, 12, 11]) first.send(message(seq));
  first.send({ type: 'room', seq: 13, room: 'team-a', change: 'added', by: 'bob', at: 'now' });
  first.send(message(10)); // at or below the welcome's seq: before this client's time
  await until('three inbox frames', () => events.message.length === 2 && events.room.length === 1);
  assert.equal(chat.since, 13);
  first.drop();
  const second = await server.next();
  assert.equal(second.since, '13');
  second.welcome('alice', 14);
  for (const seq of [12, 13, 14, 15]) second.send(message(seq));
  await until('two more', () => events.message.length === 4);
  await sleep(30);
  assert.deepEqual(events.message.map((m) => m.seq), [11, 12, 14, 15]);
  assert.equal(events.room.length, 1);
});

test('room frames are emitted once each, by room seq, across reconnects; rooms are subscribed again from what is held', async (t) => {
  const server = await gateway();
  const { chat, events } = client([server], { autoSubscribe: false });
  t.after(() => Promise.all([chat.close(), server.close()]));
  const connecting = chat.connect();
  const first = await server.next();
  first.welcome('alice', 0, ['team-a', 'ops']);
  await connecting;
  chat.subscribe(['team-a']);
  chat.subscribe({ ops: 5 });
  assert.deepEqual((await first.next('subscribe')).rooms, { 'team-a': null });
  assert.deepEqual((await first.next('subscribe')).rooms, { ops: 5 });
  first.send({ type: 'subscribed', room: 'team-a', seq: 7 });
  first.send({ type: 'message', room: 'ops', id: 'o6', seq: 6, from: 'bob', text: 'x', at: 'now' });
  first.send({ type: 'subscribed', room: 'ops', seq: 6 });
  first.send({ type: 'message', room: 'team-a', id: 'a7', seq: 7, from: 'bob', text: 'held', at: 'now' });
  first.send({ type: 'message', room: 'team-a', id: 'a8', seq: 8, from: 'bob', text: 'x', at: 'now' });
  first.send({ type: 'member', room: 'team-a', seq: 9, user: 'dave', change: 'added', by: 'bob', at: 'now' });
  first.send({ type: 'message', room: 'team-a', id: 'a8', seq: 8, from: 'bob', text: 'x', at: 'now' });
  await until('frames', () => events.message.length === 2 && events.member.length === 1);
  assert.deepEqual(events.subscribed.map((s) => s.room), ['team-a', 'ops']);
  first.close(1001);
  const second = await server.next();
  second.welcome('alice', 0, ['team-a', 'ops']);
  assert.deepEqual((await second.next('subscribe')).rooms, { 'team-a': 9, ops: 6 });
  second.send({ type: 'member', room: 'team-a', seq: 9, user: 'dave', change: 'added', by: 'bob', at: 'now' });
  second.send({ type: 'closed', room: 'team-a', seq: 10, by: 'bob', at: 'now' });
  second.send({ type: 'message', room: 'ops', id: 'o6', seq: 6, from: 'bob', text: 'x', at: 'now' });
  second.send({ type: 'message', room: 'ops', id: 'o7', seq: 7, from: 'bob', text: 'y', at: 'now' });
  await until('closed and o7', () => events.closed.length === 1 && events.message.length === 3);
  await sleep(30);
  assert.deepEqual(events.message.map((m) => `${m.room}:${m.seq}`), ['ops:6', 'team-a:8', 'ops:7']);
  assert.equal(events.member.length, 1);
});

test('autoSubscribe follows the welcome\'s rooms (live on a first connection) and rooms the user is added to (all of it)', async (t) => {
  const server = await gateway();
  const { chat, events } = client([server]);
  t.after(() => Promise.all([chat.close(), server.close()]));
  chat.connect();
  const first = await server.next();
  first.welcome('alice', 3, ['team-a']);
  assert.deepEqual((await first.next('subscribe')).rooms, { 'team-a': null });
  first.send({ type: 'room', seq: 4, room: 'ops', change: 'added', by: 'bob', at: 'now' });
  assert.deepEqual((await first.next('subscribe')).rooms, { ops: 0 });
  first.send({ type: 'subscribed', room: 'team-a', seq: 12 });
  first.send({ type: 'subscribed', room: 'ops', seq: 0 });
  chat.unsubscribe(['ops']);
  assert.deepEqual((await first.next('unsubscribe')).rooms, ['ops']);
  first.send({ type: 'room', seq: 5, room: 'team-a', change: 'removed', by: 'bob', at: 'now' });
  await until('the removal', () => events.room.length === 2);
  first.close(1000);
  const second = await server.next();
  second.welcome('alice', 5, ['ops', 'old']);
  // team-a: removed; ops: unsubscribed by the application; old: joined while away, so all of it
  assert.deepEqual((await second.next('subscribe')).rooms, { old: 0 });
  second.send({ type: 'error', room: 'old', code: 'not_found', message: 'no such room' });
  await until('the error', () => events.error.length === 1);
  assert.equal(events.error[0].room, 'old');
  second.close(1000);
  const third = await server.next();
  third.welcome('alice', 5, []);
  await sleep(50);
  assert.deepEqual(third.received.filter((f) => f.type === 'subscribe'), [], 'a room answered not_found is forgotten');
});

test('a member removed from a room follows it no longer', async (t) => {
  const server = await gateway();
  const { chat, events } = client([server]);
  t.after(() => Promise.all([chat.close(), server.close()]));
  chat.connect();
  const first = await server.next();
  first.welcome('alice', 0, ['team-a']);
  await first.next('subscribe');
  first.send({ type: 'subscribed', room: 'team-a', seq: 3 });
  first.send({ type: 'member', room: 'team-a', seq: 4, user: 'alice', change: 'removed', by: 'bob', at: 'now' });
  await until('the removal', () => events.member.length === 1);
  first.close(1000);
  const second = await server.next();
  second.welcome('alice', 0, []);
  await sleep(50);
  assert.deepEqual(second.received.filter((f) => f.type === 'subscribe'), []);
});
