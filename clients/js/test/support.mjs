// A scripted gateway for the unit tests: a real WebSocket server (the `ws` package's) whose every connection the
// test drives by hand: it reads the client's frames and sends the frames the test chooses.
import { once } from 'node:events';
import { WebSocketServer } from 'ws';
import { ChatClient, memoryStorage } from '../dist/node.mjs';

const WAIT_MS = 3000;

/** A JWT-shaped token for `user` (the client reads only its `sub`; this gateway checks nothing). */
export function token(user, n = 0) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ sub: user, n })}.signature`;
}

export async function gateway() {
  const accepted = [];
  const waiting = [];
  let refuse = null;
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info, callback) => (refuse ? callback(false, refuse) : callback(true)),
  });
  await once(server, 'listening');
  server.on('connection', (socket, request) => {
    const connection = new Connection(socket, new URL(request.url, 'http://gateway'));
    accepted.push(connection);
    if (waiting.length) waiting.shift()(connection);
  });
  let taken = 0;
  return {
    url: `ws://127.0.0.1:${server.address().port}/ws`,
    accepted,
    /** The next connection not yet taken by the test. */
    next(timeout = WAIT_MS) {
      if (taken < accepted.length) return Promise.resolve(accepted[taken++]);
      return within(timeout, 'a connection', new Promise((resolve) => waiting.push((c) => {
        taken++;
        resolve(c);
      })));
    },
    /** Refuses handshakes with this HTTP status (null: accept again). */
    refuse(status) {
      refuse = status;
    },
    async close() {
      for (const connection of accepted) connection.socket.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

class Connection {
  constructor(socket, url) {
    this.socket = socket;
    this.url = url;
    this.received = []; // every frame the client sent, in order
    this.unread = [];
    this.waiting = [];
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data));
      this.received.push(frame);
      const i = this.waiting.findIndex((w) => w.matches(frame));
      if (i >= 0) this.waiting.splice(i, 1)[0].resolve(frame);
      else this.unread.push(frame);
    });
  }

  get since() {
    return this.url.searchParams.get('since');
  }

  get token() {
    return this.url.searchParams.get('access_token');
  }

  send(frame) {
    this.socket.send(JSON.stringify(frame));
  }

  welcome(user, seq = 0, rooms = []) {
    this.send({ type: 'welcome', user, connection: 'c1', gateway: 'gw-test', seq, rooms });
  }

  close(code, reason = '') {
    this.socket.close(code, reason);
  }

  /** Ends the TCP connection without a close frame, as a killed gateway or a network drop does. */
  drop() {
    this.socket.terminate();
  }

  /** The next frame of this type from the client (frames of other types stay unread). */
  next(type, timeout = WAIT_MS) {
    const matches = (frame) => frame.type === type;
    const i = this.unread.findIndex(matches);
    if (i >= 0) return Promise.resolve(this.unread.splice(i, 1)[0]);
    return within(timeout, `a ${type} frame`, new Promise((resolve) => this.waiting.push({ matches, resolve })));
  }
}

export function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A client on these gateways with fast backoff; `events` collects every event by name. */
export function client(gateways, options = {}) {
  const tokens = [];
  const chat = new ChatClient({
    gateways: gateways.map((g) => g.url),
    getToken: async () => {
      const next = token(options.user || 'alice', tokens.length);
      tokens.push(next);
      return next;
    },
    storage: options.storage || memoryStorage(),
    backoff: { min: 20, max: 100 },
    ...options,
  });
  const events = {};
  for (const name of ['state', 'message', 'member', 'closed', 'room', 'presence', 'typing', 'read', 'subscribed',
    'sent', 'error']) {
    events[name] = [];
    chat.on(name, (event) => events[name].push(event));
  }
  return { chat, events, tokens };
}

/** Waits until the condition holds. */
export async function until(what, condition, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
