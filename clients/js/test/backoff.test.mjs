import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../dist/node.mjs';
import { client, gateway, until } from './support.mjs';

test('the delay is full jitter under 0.5 s doubling per attempt, capped at 20 s', () => {
  for (let attempt = 0; attempt < 12; attempt++) {
    const cap = Math.min(20000, 500 * 2 ** attempt);
    assert.equal(backoffDelay(attempt, 500, 20000, () => 0), 0);
    assert.ok(backoffDelay(attempt, 500, 20000, () => 0.999999) <= cap);
    assert.ok(backoffDelay(attempt, 500, 20000, () => 0.999999) > cap * 0.999);
  }
  assert.equal(backoffDelay(0, 500, 20000, () => 0.5), 250);
  assert.equal(backoffDelay(40, 500, 20000, () => 0.5), 10000, 'capped at 20 s');
  assert.equal(backoffDelay(5000, 500, 20000, () => 0.5), 10000, 'no overflow');
});

test('the defaults are 0.5 s and 20 s, and the delays are spread over the whole range', () => {
  const delays = Array.from({ length: 2000 }, () => backoffDelay(10));
  assert.ok(delays.every((d) => d >= 0 && d < 20000));
  assert.ok(new Set(delays).size > 1990, 'random, not fixed');
  assert.ok(delays.some((d) => d < 2000) && delays.some((d) => d > 18000), 'from near 0 to near the cap');
  const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
  assert.ok(mean > 8500 && mean < 11500, `mean ${mean} near half the cap`);
  assert.ok(Array.from({ length: 200 }, () => backoffDelay(0)).every((d) => d < 500));
});

test('reconnects rotate through the gateways with growing delays, reset by a welcome', async (t) => {
  const a = await gateway();
  const b = await gateway();
  const { chat, events } = client([a, b]);
  t.after(() => Promise.all([chat.close(), a.close(), b.close()]));
  a.refuse(503);
  b.refuse(503);
  chat.connect().catch(() => {});
  await until('six failed attempts', () => events.state.filter((s) => s.state === 'disconnected').length >= 6);
  a.refuse(null);
  b.refuse(null);
  const connecting = events.state.filter((s) => s.state === 'connecting').slice(0, 6).map((s) => s.gateway);
  assert.deepEqual(connecting, [a.url, b.url, a.url, b.url, a.url, b.url]);
  const delays = events.state.filter((s) => s.state === 'disconnected').slice(0, 6);
  delays.forEach((s, attempt) => {
    assert.equal(s.willReconnect, true);
    assert.ok(s.delay >= 0 && s.delay <= Math.min(100, 20 * 2 ** attempt), `attempt ${attempt}: ${s.delay}`);
  });
  const connection = await Promise.race([a.next(), b.next()]);
  connection.welcome('alice');
  await until('connected', () => chat.connected);
  const closes = events.state.filter((s) => s.state === 'disconnected').length;
  connection.close(1001);
  await until('disconnected again', () => events.state.filter((s) => s.state === 'disconnected').length > closes);
  const last = events.state.findLast((s) => s.state === 'disconnected');
  assert.equal(last.code, 1001);
  assert.ok(last.delay <= 20, `the welcome reset the attempts: ${last.delay}`);
});
