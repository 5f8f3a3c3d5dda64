// What the Node test scripts share: their settings from the environment, a log with the time since start,
// waiting until a condition holds, tokens signed with the engine's secret, and the CONTROL protocol with the
// Java test that runs them (NodeScript.java): "CONTROL <command>" on stdout, "done" on stdin once it is done.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createInterface } from 'node:readline';

export const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};

const started = Date.now();
export const elapsed = () => Date.now() - started;
export const log = (...parts) => console.log(`[${(elapsed() / 1000).toFixed(1)} s]`, ...parts);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(what, condition, ms = 20000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(20);
  }
}

/** An HS256 token for `sub` signed with JWT_SECRET, lasting `ttlSeconds`, with any `extra` claims. */
export function token(sub, ttlSeconds = 3600, extra = {}) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, iat: now, exp: now + ttlSeconds, ...extra })}`;
  return `${head}.${createHmac('sha256', env('JWT_SECRET')).update(head).digest('base64url')}`;
}

let lines;
/** Asks the Java test to do something to the engine and waits until it is done. */
export async function control(command) {
  lines ??= createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  log(`asking: ${command}`);
  console.log(`CONTROL ${command}`);
  const answer = await lines.next();
  assert.equal(answer.value, 'done', `${command}: ${answer.value}`);
  log(`done: ${command}`);
}
