// The chat engine's WebSocket client (docs/client-js.md, the protocol in docs/protocol.md): one socket to one of
// the gateways at a time, resumed after every disconnect from the inbox seq and the room seqs it holds, with every
// send kept in an outbox under its ref until the engine answers it.

/** A frame of the user's inbox or of a room's log: a direct message (`to`) or a room message (`room`). */
export interface MessageFrame {
  type: 'message';
  id: string;
  seq: number;
  from: string;
  to?: string;
  room?: string;
  text: string;
  at: string;
  ref?: string;
}

/** A room's log: a member was added or removed, or left. */
export interface MemberFrame {
  type: 'member';
  room: string;
  seq: number;
  user: string;
  change: 'added' | 'removed' | 'left';
  by: string;
  at: string;
}

/** A room's log: the room was closed. */
export interface ClosedFrame {
  type: 'closed';
  room: string;
  seq: number;
  by: string;
  at: string;
}

/** The user's inbox: its own membership of a room changed (`seq` is the inbox seq). */
export interface RoomFrame {
  type: 'room';
  seq: number;
  room: string;
  change: 'added' | 'removed' | 'left' | 'closed';
  by: string;
  at: string;
}

export interface PresenceFrame {
  type: 'presence';
  user: string;
  online: boolean;
  lastSeen: string | null;
}

/** `user` is typing in `room`, or in the direct conversation with this user when there is no `room`. */
export interface TypingFrame {
  type: 'typing';
  user: string;
  room?: string;
}

/** `user` has read up to `seq`: in `room` (a room seq), or with `with` (this user's own inbox seq). */
export interface ReadFrame {
  type: 'read';
  user: string;
  seq: number;
  room?: string;
  with?: string;
}

/** The answer to a send: the message is durably accepted (`room` and `seq` for a room message). */
export interface SentFrame {
  type: 'sent';
  ref: string;
  id: string;
  at: string;
  room?: string;
  seq?: number;
}

export interface WelcomeFrame {
  type: 'welcome';
  user: string;
  connection: string;
  gateway: string;
  seq: number;
  rooms?: string[];
}

/** A room's catch-up is out; live frames of the room follow. `seq` is the room's latest seq. */
export interface SubscribedFrame {
  type: 'subscribed';
  room: string;
  seq: number;
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface StateEvent {
  state: ConnectionState;
  /** The gateway URL of this attempt or connection. */
  gateway: string;
  /** connecting: how many attempts failed since the last welcome. */
  attempt?: number;
  /** connected: the gateway's welcome. */
  welcome?: WelcomeFrame;
  /** disconnected: the close code (1006 when the socket ended without one, as a refused handshake does). */
  code?: number;
  reason?: string;
  /** disconnected before a welcome: the HTTP status of a refused handshake, when the platform tells it (Node). */
  status?: number;
  /** disconnected: whether the client connects again by itself, and after how many milliseconds. */
  willReconnect?: boolean;
  delay?: number;
}

/** An error the engine answered (its `code`), or one the client met itself (`deactivated`, `refused`, `closed`, `token`). */
export class ChatError extends Error {
  constructor(readonly code: string, message: string, readonly ref?: string, readonly room?: string) {
    super(message);
    this.name = 'ChatError';
  }
}

export interface ChatEvents {
  state: StateEvent;
  message: MessageFrame;
  member: MemberFrame;
  closed: ClosedFrame;
  room: RoomFrame;
  presence: PresenceFrame;
  typing: TypingFrame;
  read: ReadFrame;
  subscribed: SubscribedFrame;
  sent: SentFrame;
  error: ChatError;
}

/** Where the client keeps what must survive a reload. `get` may answer a promise (read once, at the first connect). */
export interface ChatStorage {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string): void | Promise<void>;
}

/** The few members of a WebSocket the client uses: the browser's and the `ws` package's both have them. */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

export type SocketConstructor = new (url: string) => SocketLike;

export interface ChatClientOptions {
  /** The gateways' WebSocket URLs (`ws://host:8080/ws`); an `http(s)://host:port` URL means its `/ws`. */
  gateways: string[];
  /** A valid token for the user: asked before the first connection, after a refused or expired one, and on `expiring`. */
  getToken: () => string | Promise<string>;
  /** Keeps `since`, the room seqs and the outbox: `localStorage` in browsers when there is one, else memory. */
  storage?: ChatStorage;
  /** The storage key's prefix; the key is `${storageKey}:${user}`. Default `chat-engine`. */
  storageKey?: string;
  /** Subscribe to every room of the welcome and every room the user is added to (default true). */
  autoSubscribe?: boolean;
  /** Reconnect delays in milliseconds: full jitter under min * 2^attempt, capped at max (default 500 and 20000). */
  backoff?: { min?: number; max?: number };
  /** The WebSocket class; the browsers' global one by default, the `ws` package's in Node. */
  WebSocket?: SocketConstructor;
}

export type Target = { to: string; room?: undefined } | { room: string; to?: undefined };
export type Outgoing = Target & { text: string; ref?: string };
/** A message in the outbox: sent or to be sent, not answered yet. */
export type Pending = Target & { text: string; ref: string };

interface Entry {
  ref: string;
  to?: string;
  room?: string;
  text: string;
  resolve?: (sent: SentFrame) => void;
  reject?: (error: ChatError) => void;
}

type Handler<K extends keyof ChatEvents> = (event: ChatEvents[K]) => void;

const OPEN = 1;
const AT_MOST = 1000; // rooms per subscribe frame
const TYPING_EVERY_MS = 2000; // the gateway forwards at most one typing frame per 2 s and conversation
/**
 * Unanswered sends on the wire at once. The gateway closes a socket with 4008 after 20 errors in 10 s: a whole
 * outbox sent at a welcome, or every send of a broker outage, would earn that many `rate_limited` or
 * `unavailable` answers at once, and the next welcome would do it again.
 */
const SEND_WINDOW = 8;
const ANSWERED_KEPT = 256;

/** Full jitter: a random delay in [0, min(max, min * 2^attempt)). */
export function backoffDelay(attempt: number, min = 500, max = 20000, random: () => number = Math.random): number {
  return random() * Math.min(max, min * 2 ** attempt);
}

/** A storage that lives as long as the page or process (share one between clients to keep state across them). */
export function memoryStorage(): ChatStorage {
  const values = new Map<string, string>();
  return { get: (key) => values.get(key), set: (key, value) => void values.set(key, value) };
}

function defaultStorage(): ChatStorage {
  try {
    const local = (globalThis as any).localStorage;
    if (local) {
      local.getItem('chat-engine');
      return { get: (key) => local.getItem(key), set: (key, value) => local.setItem(key, value) };
    }
  } catch {
    // no access (a sandboxed frame, a privacy mode): memory
  }
  return memoryStorage();
}

/** A ref no other session of this user makes: 128 random bits. */
function newRef(): string {
  const bytes = new Uint8Array(16);
  const crypto = (globalThis as any).crypto;
  if (crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
  else bytes.forEach((_, i) => (bytes[i] = Math.random() * 256));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function subjectOf(token: string): string {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub || '';
  } catch {
    return '';
  }
}

function socketUrl(gateway: string, token: string, since: number | null): string {
  const url = new URL(gateway);
  url.protocol = url.protocol.replace('http', 'ws');
  if (url.pathname === '/') url.pathname = '/ws';
  url.searchParams.set('access_token', token);
  if (since !== null) url.searchParams.set('since', String(since));
  return url.toString();
}

export class ChatClient {
  private readonly options: ChatClientOptions;
  private readonly storage: ChatStorage;
  private readonly Socket: SocketConstructor;
  private readonly handlers: { [K in keyof ChatEvents]?: Set<Handler<K>> } = {};
  private socket: SocketLike | null = null;
  private welcomed = false;
  private stopped = true;
  private attempt = 0;
  private gateway = -1;
  private timer?: ReturnType<typeof setTimeout>;
  private token: string | null = null;
  private freshToken = true;
  private loaded: Promise<void> | null = null;
  private key: string | null = null;
  private me: string | null = null;
  private seq: number | null = null;
  /** room -> the last room seq emitted (null: live from the next subscribe) */
  private readonly rooms = new Map<string, number | null>();
  /** rooms the application unsubscribed: not subscribed again by autoSubscribe */
  private readonly muted = new Set<string>();
  private outbox = new Map<string, Entry>();
  /** refs sent on this socket and not answered yet: at most SEND_WINDOW, or 1 while probing */
  private readonly onWire = new Set<string>();
  /** after `unavailable` or `rate_limited` the outbox waits (the backoff delay), then probes with one send */
  private sendPause?: ReturnType<typeof setTimeout>;
  private probing = false;
  /** retried answers since the last `sent`: the backoff attempt of the next pause */
  private sendTries = 0;
  /** the refs of the latest answered sends (at most ANSWERED_KEPT), whose late retried answers are dropped */
  private readonly answeredRefs = new Set<string>();
  private watched: string[] | null = null;
  private readonly reads = new Map<string, { room?: string; with?: string; seq: number }>();
  private readonly typed = new Map<string, number>();
  private waiters: [() => void, (error: ChatError) => void][] = [];
  /** an `expiring` came before the welcome: refresh right after it */
  private refreshDue = false;

  constructor(options: ChatClientOptions) {
    if (!options || !options.gateways || !options.gateways.length || typeof options.getToken !== 'function') {
      throw new TypeError('ChatClient needs gateways (at least one URL) and getToken');
    }
    this.options = options;
    this.storage = options.storage || defaultStorage();
    this.Socket = options.WebSocket || (globalThis as any).WebSocket;
    if (!this.Socket) throw new TypeError('no WebSocket here: pass options.WebSocket');
  }

  /** The user of the welcome (null before the first one). */
  get user(): string | null {
    return this.me;
  }

  /** The last inbox seq emitted: the next connection resumes after it. */
  get since(): number | null {
    return this.seq;
  }

  get connected(): boolean {
    return this.welcomed;
  }

  on<K extends keyof ChatEvents>(event: K, handler: Handler<K>): () => void {
    const set: Set<Handler<K>> = (this.handlers[event] as any) || ((this.handlers as any)[event] = new Set());
    set.add(handler);
    return () => this.off(event, handler);
  }

  off<K extends keyof ChatEvents>(event: K, handler: Handler<K>): void {
    (this.handlers[event] as Set<Handler<K>> | undefined)?.delete(handler);
  }

  /**
   * Connects (and keeps connecting); resolves at the next welcome, rejects if the client stops before it (closed,
   * deactivated, refused). Calling it without awaiting is fine: the rejection is not reported as unhandled.
   */
  connect(): Promise<void> {
    if (this.stopped) {
      this.stopped = false;
      this.open();
    }
    if (this.welcomed) return Promise.resolve();
    const welcomed = new Promise<void>((resolve, reject) => this.waiters.push([resolve, reject]));
    welcomed.catch(() => undefined);
    return welcomed;
  }

  /** Closes the socket and stops reconnecting. Unanswered sends stay in the outbox for the next connect. */
  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.offWire();
    const socket = this.socket;
    this.socket = null;
    this.welcomed = false;
    if (socket) socket.close(1000, 'closed by the client');
    this.settle(new ChatError('closed', 'the client was closed'));
    this.emit('state', { state: 'disconnected', gateway: this.url(), code: 1000, willReconnect: false });
  }

  /**
   * Sends a direct message (`to`) or a room message (`room`); resolves with the `sent` answer, once, however
   * often it had to be sent. Rejects with a ChatError on a final error (ref_conflict, forbidden, not_found,
   * bad_request, unknown_recipient, too_large), or when the user is deactivated.
   */
  send(message: Outgoing): Promise<SentFrame> {
    const { to, room, text } = message;
    if (!to === !room || typeof text !== 'string' || !text) {
      return Promise.reject(new ChatError('bad_request', 'a send needs exactly one of to and room, and a text'));
    }
    const entry: Entry = { ref: message.ref || newRef(), to, room, text };
    if (this.outbox.has(entry.ref)) return Promise.reject(new ChatError('bad_request', 'this ref is already pending'));
    return new Promise<SentFrame>((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
      this.outbox.set(entry.ref, entry);
      this.save();
      this.pump();
    });
  }

  /** What the outbox holds: sends not answered yet (those of an earlier page too, once connected). */
  pending(): Pending[] {
    return Array.from(this.outbox.values(), ({ ref, to, room, text }) => (room ? { ref, room, text } : { ref, to: to!, text }));
  }

  /**
   * Follows rooms: every room frame after the seq held for it (a list: the held seq, or live from now for a room
   * not held; an object: from the seq given, or the held one when later), then live ones, across reconnects.
   */
  subscribe(rooms: string[] | Record<string, number | null>): void {
    const asked: Record<string, number | null> = Array.isArray(rooms)
      ? Object.fromEntries(rooms.map((room) => [room, null])) : rooms;
    for (const room of Object.keys(asked)) {
      const held = this.rooms.get(room);
      const from = asked[room];
      this.rooms.set(room, held == null ? from : from == null ? held : Math.max(held, from));
      this.muted.delete(room);
    }
    this.save();
    this.subscribeNow(Object.keys(asked));
  }

  unsubscribe(rooms: string[]): void {
    rooms.forEach((room) => this.muted.add(room));
    this.save();
    this.transmit({ type: 'unsubscribe', rooms });
  }

  /** Presence of these users (replaces the previous list), sent again after every reconnect. */
  watch(users: string[]): void {
    this.watched = [...users];
    this.transmit({ type: 'watch', users: this.watched });
  }

  /** "Typing now" in a room or to a user; at most one per 2 s and conversation goes out, as the gateway forwards. */
  typing(target: Target): void {
    const key = target.room ? `r:${target.room}` : `u:${target.to}`;
    const now = Date.now();
    if (now - (this.typed.get(key) || 0) < TYPING_EVERY_MS) return;
    if (this.transmit(target.room ? { type: 'typing', room: target.room } : { type: 'typing', to: target.to })) {
      this.typed.set(key, now);
    }
  }

  /** Marks a conversation read up to `seq`; while offline the latest is kept and sent at the next welcome. */
  read(mark: { room: string; seq: number } | { with: string; seq: number }): void {
    const key = 'room' in mark ? `r:${mark.room}` : `u:${mark.with}`;
    const held = this.reads.get(key);
    this.reads.set(key, held && held.seq > mark.seq ? held : { ...mark });
    this.flushReads();
  }

  // --- the connection ------------------------------------------------------------------------------------------

  private url(): string {
    const gateways = this.options.gateways;
    return gateways[Math.max(this.gateway, 0) % gateways.length];
  }

  private async open(): Promise<void> {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.gateway = (this.gateway + 1) % this.options.gateways.length;
    const gateway = this.url();
    this.emit('state', { state: 'connecting', gateway, attempt: this.attempt });
    try {
      if (this.freshToken || !this.token) {
        this.token = await this.options.getToken();
        this.freshToken = false;
      }
      await (this.loaded || (this.loaded = this.load(this.token)));
    } catch (e) {
      if (this.stopped) return;
      this.emit('error', new ChatError('token', `getToken failed: ${(e as Error)?.message || e}`));
      this.closed(gateway, 1006, 'no token', undefined, false);
      return;
    }
    if (this.stopped) return;
    this.refreshDue = false;
    const socket: SocketLike = new this.Socket(socketUrl(gateway, this.token, this.seq));
    let status: number | undefined;
    this.socket = socket;
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      let frame;
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      this.receive(frame);
    };
    // `ws` tells a refused handshake's status in its error ("Unexpected server response: 403"); browsers do not
    socket.onerror = (event) => {
      const found = /response: (\d{3})/.exec((event && event.message) || '');
      if (found) status = Number(found[1]);
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.closed(gateway, event.code || 1006, event.reason || '', status, this.welcomed);
    };
  }

  private closed(gateway: string, code: number, reason: string, status: number | undefined, welcomed: boolean): void {
    this.socket = null;
    this.welcomed = false;
    this.offWire();
    if (this.stopped) return;
    // 4003: the user is deactivated; a 403 handshake: an unknown or deactivated user, or a refused origin
    if (code === 4003 || status === 403 || status === 400) {
      this.stopped = true;
      const error = new ChatError(code === 4003 ? 'deactivated' : 'refused', reason || `the gateway refused the connection (${status || code})`);
      for (const entry of this.outbox.values()) entry.reject ? entry.reject(error) : this.emit('error', error);
      this.outbox.clear();
      this.save();
      this.settle(error);
      this.emit('state', { state: 'disconnected', gateway, code, reason, status, willReconnect: false });
      return;
    }
    // a token that expired on the socket, or a connection refused before its welcome: ask for a token again
    if (code === 4001 || !welcomed) this.freshToken = true;
    // too many errors, or too fast: wait longer, at least four times the shortest delay
    const slow = code === 4008 || code === 1008 || status === 429;
    if (slow) this.attempt = Math.max(this.attempt, 4);
    const { min = 500, max } = this.options.backoff || {};
    let delay = code === 4001 && welcomed ? 0 : backoffDelay(this.attempt++, min, max);
    if (slow) delay = Math.max(delay, 4 * min);
    // scheduled before the event, so that a handler may close() the client (it clears this timer)
    this.timer = setTimeout(() => this.open(), delay);
    this.emit('state', { state: 'disconnected', gateway, code, reason, status, willReconnect: true, delay });
  }

  private settle(error?: ChatError): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach(([resolve, reject]) => (error ? reject(error) : resolve()));
  }

  private transmit(frame: object): boolean {
    const socket = this.socket;
    if (!socket || !this.welcomed || socket.readyState !== OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  /**
   * Sends the outbox's next entries, in the order they were made, while fewer than the window are unanswered on
   * this socket (one while probing after a retried answer); nothing while paused.
   */
  private pump(): void {
    if (this.sendPause !== undefined) return;
    const window = this.probing ? 1 : SEND_WINDOW;
    for (const { ref, to, room, text } of this.outbox.values()) {
      if (this.onWire.size >= window) return;
      if (this.onWire.has(ref)) continue;
      if (!this.transmit(room ? { type: 'send', room, text, ref } : { type: 'send', to, text, ref })) return;
      this.onWire.add(ref);
    }
  }

  /** The socket is gone or the client stopped: nothing is on the wire, and a welcome sends at once. */
  private offWire(): void {
    this.onWire.clear();
    clearTimeout(this.sendPause);
    this.sendPause = undefined;
  }

  private subscribeNow(rooms: string[]): void {
    const fresh = rooms.filter((room) => !this.muted.has(room) && this.rooms.has(room));
    for (let i = 0; i < fresh.length; i += AT_MOST) {
      const asked: Record<string, number | null> = {};
      for (const room of fresh.slice(i, i + AT_MOST)) asked[room] = this.rooms.get(room)!;
      this.transmit({ type: 'subscribe', rooms: asked });
    }
  }

  private flushReads(): void {
    for (const [key, mark] of this.reads) {
      if (this.transmit({ type: 'read', ...mark })) this.reads.delete(key);
    }
  }

  // --- frames ------------------------------------------------------------------------------------------------

  private receive(frame: any): void {
    switch (frame.type) {
      case 'welcome':
        return this.welcome(frame);
      case 'message':
        return frame.room ? this.roomLog(frame) : this.inbox(frame);
      case 'room':
        return this.inbox(frame);
      case 'member':
      case 'closed':
        return this.roomLog(frame);
      case 'subscribed':
        return this.subscribed(frame);
      case 'sent':
        return this.answered(frame);
      case 'error':
        return this.failed(frame);
      case 'expiring':
        return void this.refresh();
      case 'presence':
      case 'typing':
      case 'read':
        return this.emit(frame.type, frame);
      default:
        // refreshed, unsubscribed, and frame types this version does not know
        return undefined;
    }
  }

  private welcome(frame: WelcomeFrame): void {
    this.welcomed = true;
    this.attempt = 0;
    this.me = frame.user;
    // the first connection starts from now (earlier messages are the query API's); later ones resume from here
    const first = this.seq === null;
    if (first) this.seq = frame.seq;
    if (this.options.autoSubscribe !== false) {
      for (const room of frame.rooms || []) {
        // a room not held was joined while away (all of it is new), or, on the first connection, is live from now
        if (!this.rooms.has(room) && !this.muted.has(room)) this.rooms.set(room, first ? null : 0);
      }
    }
    this.save();
    if (this.refreshDue) this.sendRefresh();
    if (this.watched) this.transmit({ type: 'watch', users: this.watched });
    this.subscribeNow([...this.rooms.keys()]);
    this.offWire();
    this.pump();
    this.flushReads();
    this.emit('state', { state: 'connected', gateway: this.url(), welcome: frame });
    this.settle();
  }

  /** The user's inbox: direct messages and its own room memberships, each seq once. */
  private inbox(frame: MessageFrame | RoomFrame): void {
    if (this.seq !== null && frame.seq <= this.seq) return;
    this.seq = frame.seq;
    if (frame.type === 'room') {
      if (frame.change === 'added') {
        if (this.options.autoSubscribe !== false && !this.rooms.has(frame.room) && !this.muted.has(frame.room)) {
          this.rooms.set(frame.room, 0);
          this.subscribeNow([frame.room]);
        }
      } else if (frame.change !== 'closed') {
        this.forget(frame.room);
      }
    }
    this.save();
    this.emit(frame.type, frame as any);
  }

  /** A room's log: each room seq once. */
  private roomLog(frame: MessageFrame | MemberFrame | ClosedFrame): void {
    const room = frame.room!;
    const held = this.rooms.get(room);
    if (held != null && frame.seq <= held) return;
    this.rooms.set(room, frame.seq);
    if (frame.type === 'member' && frame.user === this.me && frame.change !== 'added') this.forget(room);
    this.save();
    this.emit(frame.type, frame as any);
  }

  private forget(room: string): void {
    this.rooms.delete(room);
    this.muted.delete(room);
  }

  private subscribed(frame: SubscribedFrame): void {
    if (this.rooms.has(frame.room) && this.rooms.get(frame.room) === null) {
      this.rooms.set(frame.room, frame.seq);
      this.save();
    }
    this.emit('subscribed', frame);
  }

  private answered(frame: SentFrame): void {
    const entry = this.outbox.get(frame.ref);
    if (!entry) return; // a late answer to an earlier attempt of an answered send, or not this client's
    this.outbox.delete(frame.ref);
    this.onWire.delete(frame.ref);
    this.answeredRefs.add(frame.ref);
    if (this.answeredRefs.size > ANSWERED_KEPT) this.answeredRefs.delete(this.answeredRefs.values().next().value!);
    this.sendTries = 0;
    this.probing = false;
    this.save();
    if (entry.resolve) entry.resolve(frame);
    this.emit('sent', frame);
    this.pump();
  }

  private failed(frame: { code: string; message: string; ref?: string; room?: string }): void {
    const error = new ChatError(frame.code, frame.message, frame.ref, frame.room);
    const entry = frame.ref ? this.outbox.get(frame.ref) : undefined;
    const retried = frame.code === 'unavailable' || frame.code === 'rate_limited';
    // a late answer to an earlier attempt of a send answered since (a gateway may time out on a message that
    // was stored after all): nothing to retry, nothing to report
    if (!entry && retried && frame.ref && this.answeredRefs.has(frame.ref)) return;
    if (entry) {
      this.onWire.delete(entry.ref);
      if (retried) {
        // nothing was stored: the whole outbox waits, then the first unanswered send (this ref, or an earlier
        // one) goes alone until one is answered; at the next welcome, whichever is first, it goes at once
        if (this.sendPause === undefined) {
          const { min, max } = this.options.backoff || {};
          this.probing = true;
          this.sendPause = setTimeout(() => {
            this.sendPause = undefined;
            this.pump();
          }, backoffDelay(this.sendTries++, min, max));
        }
        return;
      }
      this.outbox.delete(entry.ref);
      this.save();
      this.pump();
      if (entry.reject) return entry.reject(error);
    } else if (frame.room && frame.code === 'not_found') {
      this.forget(frame.room);
      this.save();
    }
    this.emit('error', error);
  }

  private sendRefresh(): boolean {
    this.refreshDue = false;
    return this.transmit({ type: 'refresh', token: this.token, ref: `refresh-${newRef().slice(0, 8)}` });
  }

  private async refresh(): Promise<void> {
    const socket = this.socket;
    try {
      const token = await this.options.getToken();
      this.token = token;
      // an `expiring` may come before the welcome (the gateway warns while the welcome is still on its way): the
      // refresh then goes right after the welcome, as the gateway reads no frame before it
      if (this.socket === socket && !this.sendRefresh()) this.refreshDue = true;
    } catch (e) {
      this.emit('error', new ChatError('token', `getToken failed: ${(e as Error)?.message || e}`));
    }
  }

  // --- state and events --------------------------------------------------------------------------------------

  private async load(token: string): Promise<void> {
    this.key = `${this.options.storageKey || 'chat-engine'}:${subjectOf(token)}`;
    let saved: any = {};
    try {
      saved = JSON.parse((await this.storage.get(this.key)) || '{}') || {};
    } catch {
      // unreadable: start afresh
    }
    if (this.seq === null && typeof saved.since === 'number') this.seq = saved.since;
    for (const [room, seq] of Object.entries(saved.rooms || {})) {
      if (!this.rooms.has(room)) this.rooms.set(room, seq as number | null);
    }
    (saved.off || []).forEach((room: string) => this.muted.add(room));
    // an earlier page's unanswered sends go first, with their refs; their answers come as `sent` and `error` events
    const mine = this.outbox;
    this.outbox = new Map();
    for (const { ref, to, room, text } of saved.outbox || []) {
      if (!mine.has(ref)) this.outbox.set(ref, { ref, to, room, text });
    }
    mine.forEach((entry, ref) => this.outbox.set(ref, entry));
    this.save();
  }

  private save(): void {
    if (!this.key) return;
    const state = {
      since: this.seq,
      rooms: Object.fromEntries(this.rooms),
      off: [...this.muted],
      outbox: this.pending(),
    };
    try {
      const done = this.storage.set(this.key, JSON.stringify(state));
      if (done && typeof done.catch === 'function') done.catch(() => undefined);
    } catch {
      // a full or refused storage: the state lives on in memory
    }
  }

  private emit<K extends keyof ChatEvents>(event: K, value: ChatEvents[K]): void {
    const set = this.handlers[event] as Set<Handler<K>> | undefined;
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(value);
      } catch (e) {
        // an application handler's error must not break the client's state: report it outside
        setTimeout(() => {
          throw e;
        });
      }
    }
  }
}
