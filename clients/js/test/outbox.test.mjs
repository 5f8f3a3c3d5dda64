import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatError } from '../dist/node.mjs';
import { client, gateway, sleep, until } from './support.mjs';

async function connected(t, gateways = 1) {
  const servers = [];
  for (let i = 0; i < gateways; i++) servers.push(await gateway());
  const c = client(servers);
  t.after(() => Promise.all([c.chat.close(), ...servers.map((s) => s.close())]));
  const connecting = c.chat.connect();
  const connection = await servers[0].next();
  connection.welcome('alice', 0);
  await connecting;
  return { ...c, servers, connection };
}

test('a send goes out with a random ref, and resolves with its sent answer', async (t) => {
  const { chat, connection, events } = await connected(t);
  const answer = chat.send({ to: 'bob', text: 'hi' });
  const frame = await connection.next('send');
  assert.deepEqual(Object.keys(frame).sort(), ['ref', 'text', 'to', 'type']);
  assert.match(frame.ref, /^[0-9a-f]{32}$/);
  const other = chat.send({ room: 'team-a', text: 'hi all' });
  const roomFrame = await connection.next('send');
  assert.equal(roomFrame.room, 'team-a');
  assert.notEqual(roomFrame.ref, frame.ref);
  connection.send({ type: 'sent', ref: frame.ref, id: 'm1', at: '2026-01-01T00:00:00.000Z' });
  assert.equal((await answer).id, 'm1');
  connection.send({ type: 'sent', ref: roomFrame.ref, id: 'm2', at: '2026-01-01T00:00:00.000Z', room: 'team-a', seq: 4 });
  assert.equal((await other).seq, 4);
  assert.equal(events.sent.length, 2);
  assert.deepEqual(chat.pending(), []);
});

test('a send made offline waits in the outbox and goes out after the welcome', async (t) => {
  const server = await gateway();
  const { chat } = client([server]);
  t.after(() => Promise.all([chat.close(), server.close()]));
  const answer = chat.send({ to: 'bob', text: 'written before connecting' });
  assert.equal(chat.pending().length, 1);
  chat.connect();
  const connection = await server.next();
  await sleep(30);
  assert.deepEqual(connection.received, [], 'nothing before the welcome');
  connection.welcome('alice');
  const frame = await connection.next('send');
  assert.equal(frame.text, 'written before connecting');
  connection.send({ type: 'sent', ref: frame.ref, id: 'm1', at: 'now' });
  assert.equal((await answer).ref, frame.ref);
});

test('an unanswered send is resent with the same ref after a reconnect, and resolves once', async (t) => {
  const { chat, connection, servers, events } = await connected(t, 2);
  let resolved = 0;
  const answer = chat.send({ to: 'bob', text: 'hi' }).then((sent) => {
    resolved++;
    return sent;
  });
  const first = await connection.next('send');
  connection.close(1001, 'shutting down');
  const again = await servers[1].next();
  again.welcome('alice', 0);
  const resent = await again.next('send');
  assert.deepEqual(resent, first, 'the same frame, the same ref');
  again.send({ type: 'sent', ref: first.ref, id: 'm1', at: 'now' });
  again.send({ type: 'sent', ref: first.ref, id: 'm1', at: 'now' }); // a late answer to the first attempt
  assert.equal((await answer).id, 'm1');
  await sleep(30);
  assert.equal(resolved, 1);
  assert.equal(events.sent.length, 1, 'one sent event');
  const third = await (async () => {
    again.close(4009);
    const next = await servers[0].next();
    next.welcome('alice', 0);
    return next;
  })();
  await sleep(50);
  assert.deepEqual(third.received.filter((f) => f.type === 'send'), [], 'an answered send is not sent again');
});

test('an unavailable answer sends the same ref again on the same socket, until sent', async (t) => {
  const { chat, connection, events } = await connected(t);
  const answer = chat.send({ room: 'team-a', text: 'during a broker outage' });
  const first = await connection.next('send');
  connection.send({ type: 'error', ref: first.ref, code: 'unavailable', message: 'not accepted in time' });
  const second = await connection.next('send');
  assert.deepEqual(second, first);
  connection.send({ type: 'error', ref: first.ref, code: 'rate_limited', message: 'slow down' });
  const third = await connection.next('send');
  assert.deepEqual(third, first);
  connection.send({ type: 'sent', ref: first.ref, id: 'm9', at: 'now', room: 'team-a', seq: 9 });
  assert.equal((await answer).seq, 9);
  assert.equal(events.error.length, 0, 'retried errors are not reported');
  await sleep(150);
  assert.equal(connection.received.filter((f) => f.type === 'send').length, 3, 'no resend after the answer');
});

test('at most 8 unanswered sends are on the wire; each answer lets the next go, in the order made', async (t) => {
  const server = await gateway();
  const { chat } = client([server]);
  t.after(() => Promise.all([chat.close(), server.close()]));
  const answers = Array.from({ length: 20 }, (_, i) => chat.send({ to: 'bob', text: `m${i}` }));
  chat.connect();
  const connection = await server.next();
  connection.welcome('alice');
  await until('8 frames', () => connection.received.length >= 8);
  await sleep(50);
  const sends = () => connection.received.filter((f) => f.type === 'send');
  assert.deepEqual(sends().map((f) => f.text), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'], 'a welcome sends 8');
  connection.send({ type: 'sent', ref: sends()[2].ref, id: 'id2', at: 'now' });
  await until('the 9th', () => sends().length === 9);
  assert.equal(sends()[8].text, 'm8');
  for (let i = 0; i < 20; i++) {
    await until(`send ${i}`, () => sends().length > i);
    if (i !== 2) connection.send({ type: 'sent', ref: sends()[i].ref, id: `id${i}`, at: 'now' });
  }
  assert.deepEqual((await Promise.all(answers)).map((a) => a.id), answers.map((_, i) => `id${i}`));
  assert.equal(sends().length, 20, 'each once');
});

test('unavailable pauses the outbox, then its first send goes alone until answered, then the window opens again', async (t) => {
  const { chat, connection } = await connected(t);
  const answers = Array.from({ length: 12 }, (_, i) => chat.send({ to: 'bob', text: `m${i}` }));
  const sends = () => connection.received.filter((f) => f.type === 'send');
  await until('8 sends', () => sends().length === 8);
  const first = sends().slice(0, 8);
  for (const f of first) connection.send({ type: 'error', ref: f.ref, code: 'unavailable', message: 'not in time' });
  await until('a probe', () => sends().length === 9);
  await sleep(150); // the test client's backoff is at most 100 ms: a second send would be out by now
  assert.deepEqual(sends().slice(8).map((f) => f.ref), [first[0].ref], 'one probe: the first unanswered, same ref');
  connection.send({ type: 'sent', ref: first[0].ref, id: 'id0', at: 'now' });
  await until('the window', () => sends().length === 9 + 8);
  assert.deepEqual(sends().slice(9).map((f) => f.text), ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'], 'the window again');
  assert.equal((await answers[0]).id, 'id0');
});

test('an unavailable for a send answered since is dropped: no resend, no error event', async (t) => {
  const { chat, connection, events } = await connected(t);
  const answer = chat.send({ to: 'bob', text: 'stored after all' });
  const frame = await connection.next('send');
  connection.send({ type: 'sent', ref: frame.ref, id: 'm1', at: 'now' });
  assert.equal((await answer).id, 'm1');
  connection.send({ type: 'error', ref: frame.ref, code: 'unavailable', message: 'not accepted in time' });
  connection.send({ type: 'error', ref: 'not-a-send', code: 'unavailable', message: 'something else' });
  await until('the other error reported', () => events.error.length === 1);
  assert.equal(events.error[0].ref, 'not-a-send');
  await sleep(150);
  assert.equal(connection.received.filter((f) => f.type === 'send').length, 1, 'not sent again');
});

for (const code of ['ref_conflict', 'forbidden', 'not_found', 'bad_request', 'unknown_recipient', 'too_large']) {
  test(`${code} rejects the send, which leaves the outbox`, async (t) => {
    const { chat, connection, servers } = await connected(t);
    const answer = chat.send({ to: 'bob', text: 'hi' });
    const frame = await connection.next('send');
    connection.send({ type: 'error', ref: frame.ref, code, message: `refused: ${code}` });
    await assert.rejects(answer, (e) => e instanceof ChatError && e.code === code && e.ref === frame.ref);
    assert.deepEqual(chat.pending(), []);
    connection.close(1000);
    const next = await servers[0].next();
    next.welcome('alice', 0);
    await sleep(50);
    assert.equal(next.received.filter((f) => f.type === 'send').length, 0);
  });
}

test('a send needs exactly one of to and room, a text, and a ref not pending already', async () => {
  const { chat } = client([{ url: 'ws://127.0.0.1:9/ws' }]);
  for (const bad of [{ text: 'x' }, { to: 'bob', room: 'r', text: 'x' }, { to: 'bob', text: '' }]) {
    await assert.rejects(chat.send(bad), (e) => e.code === 'bad_request');
  }
  assert.deepEqual(chat.pending(), []);
  chat.send({ to: 'bob', text: 'x', ref: 'mine-1' });
  await assert.rejects(chat.send({ to: 'bob', text: 'y', ref: 'mine-1' }), (e) => e.code === 'bad_request');
  assert.deepEqual(chat.pending(), [{ ref: 'mine-1', to: 'bob', text: 'x' }]);
});

test('refs differ across clients (random, not a counter)', async () => {
  const refs = new Set();
  for (let i = 0; i < 50; i++) {
    const { chat } = client([{ url: 'ws://127.0.0.1:9/ws' }]);
    chat.send({ to: 'bob', text: 'x' });
    refs.add(chat.pending()[0].ref);
  }
  assert.equal(refs.size, 50);
});
