// The gateway's chat page: a conversation list of direct conversations and rooms with unread counts, contacts
// with presence, history from the query API, rooms made and grown through user-command-service, typing and read
// marks. Everything on the socket is the JavaScript client's (clients/js, docs/client-js.md): reconnect, resume
// with `since` and the room seqs, the outbox resent with the same refs, each frame once; this page only shows
// what it emits and makes the HTTP calls.
import { ChatClient } from './chat-client.min.mjs';

const params = new URLSearchParams(location.search);
const token = params.get('token');
const baseUrl = (name) => (params.get(name) || '').replace(/\/+$/, '');
const queryApi = baseUrl('query');
const usersApi = baseUrl('users');
const $ = (selector) => document.querySelector(selector);

const TYPING_SHOWN_MS = 5000; // a typing frame means "typing now; over after 5 s unless repeated"

function subjectOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).sub || null;
  } catch (e) {
    return null;
  }
}

const me = token ? subjectOf(token) : null;
const contactsKey = `chat-engine:${location.host}:${me}:contacts`;

/** The socket: the client keeps its place (since, room seqs, the outbox) in localStorage under this page's host. */
const client = me ? new ChatClient({
  gateways: [location.origin],
  getToken: async () => token,
  storageKey: `chat-engine:${location.host}`,
  backoff: { min: 250, max: 5000 }, // a page in front of its user: try again sooner than the library's default
}) : null;

const state = {
  contacts: [],              // watched usernames
  presence: new Map(),       // user -> {online, lastSeen}
  conversations: new Map(),  // key ('direct:bob', 'room:team-a') -> conversation
  typing: new Map(),         // key -> Map(user -> until, ms)
  pending: new Map(),        // ref -> {to | room, text, accepted, seq}: shown until its copy in the log arrives
  listLoaded: false,
  open: null,                // the key of the open conversation
  welcomed: false,           // the current socket got its welcome
  stopped: false,
};

const keyOf = (kind, id) => `${kind}:${id}`;

function conversation(kind, id) {
  const key = keyOf(kind, id);
  let found = state.conversations.get(key);
  if (!found) {
    found = {
      key, kind, id,
      title: null,           // rooms
      owner: null,
      members: [],           // [{user, role, since}]
      member: true,          // the user is (still) in the room
      closed: false,
      frames: new Map(),     // seq -> frame: the inbox seq for direct messages, the room seq for rooms
      latest: 0,             // the newest seq known in the conversation
      last: null,            // the newest message, for the list
      activity: 0,           // ms of the latest activity, orders the list
      unread: 0,
      read: 0,               // the user's own read seq
      theirRead: 0,          // direct: the peer's read, in this user's inbox seqs
      reads: new Map(),      // rooms: member -> room seq read
      historyLoaded: false,
      more: false,           // older history to page back to
    };
    state.conversations.set(key, found);
  }
  return found;
}

function load() {
  const saved = JSON.parse(localStorage.getItem(contactsKey) || '[]');
  const asked = (params.get('watch') || '').split(',').map((u) => u.trim()).filter(Boolean);
  state.contacts = [...new Set([...saved, ...asked])].filter((u) => u !== me);
}

function save() {
  localStorage.setItem(contactsKey, JSON.stringify(state.contacts));
}

function setStatus(kind, text) {
  const status = $('#status');
  status.dataset.state = kind;
  status.textContent = text;
}

function notice(text) {
  $('#notice').textContent = text || '';
}

// --- the connection: the client's events --------------------------------------------------------------

function listen() {
  client.on('state', connection);
  client.on('message', (frame) => (frame.room ? roomFrame(frame) : directMessage(frame)));
  client.on('room', membership);
  client.on('member', roomFrame);
  client.on('closed', roomFrame);
  client.on('subscribed', subscribed);
  client.on('sent', answered);
  client.on('typing', typingSeen);
  client.on('read', readSeen);
  client.on('presence', (frame) => {
    state.presence.set(frame.user, { online: frame.online, lastSeen: frame.lastSeen });
    renderContacts();
    renderPeer();
  });
  client.on('error', failed);
}

function connection(event) {
  if (state.stopped) return;
  switch (event.state) {
    case 'connecting':
      setStatus('connecting', event.attempt ? `reconnecting (try ${event.attempt + 1})` : 'connecting');
      break;
    case 'connected':
      state.welcomed = true;
      welcome(event.welcome);
      break;
    case 'disconnected':
      disconnected(event);
      break;
    default:
      break;
  }
}

async function disconnected(event) {
  const welcomed = state.welcomed;
  state.welcomed = false;
  if (event.code === 4003) return stop('this user was deactivated');
  // the page has no way to a new token: the client would only be refused with this one
  if (event.code === 4001) return stop('the token expired: open the page with a new token');
  if (!event.willReconnect) return stop('disconnected');
  setStatus('connecting', `offline, reconnecting in ${(event.delay / 1000).toFixed(1)} s`);
  if (!welcomed) {
    const reason = await refusal();
    if (reason) stop(`the gateway refused the connection: ${reason}`);
  }
}

// A browser does not show why a handshake failed; the same request without the upgrade answers with the reason.
async function refusal() {
  try {
    const response = await fetch(`/ws?access_token=${encodeURIComponent(token)}`);
    if (response.status === 401 || response.status === 403) {
      const body = await response.json();
      return `${body.error}: ${body.message}`;
    }
  } catch (e) {
    // the gateway is unreachable: the client keeps trying
  }
  return null;
}

function stop(reason) {
  if (state.stopped) return;
  state.stopped = true;
  client.close(); // no more reconnects; unanswered sends stay in storage for the next visit
  setStatus('offline', 'disconnected');
  notice(reason);
  renderComposer();
}

function welcome(frame) {
  for (const room of frame.rooms || []) conversation('room', room).member = true;
  setStatus('online', `online via ${frame.gateway}`);
  notice('');
  // sends of an earlier visit that the engine has not answered yet: the client sends them again, the page shows them
  for (const { ref, ...send } of client.pending()) {
    if (!state.pending.has(ref)) state.pending.set(ref, send);
  }
  if (!state.listLoaded) loadConversations();
  const open = state.conversations.get(state.open);
  if (open) markRead(open);
  render();
}

function watch() {
  client.watch(state.contacts);
}

function subscribed(frame) {
  const room = conversation('room', frame.room);
  room.latest = Math.max(room.latest, frame.seq);
  markRead(room);
  renderConversations();
}

/** An error no send of this page took: a subscribe refused, a rate-limited watch, a send of an earlier visit. */
function failed(error) {
  if (error.ref && state.pending.delete(error.ref)) {
    render();
  } else if (error.room && error.code === 'not_found') {
    conversation('room', error.room).member = false;
    render();
  }
  notice(`${error.code}: ${error.message}${error.room ? ` (${error.room})` : ''}`);
}

// --- the inbox: direct messages and the user's own room memberships -----------------------------------

function peerOf(message) {
  return message.from === me ? message.to : message.from;
}

function directMessage(message) {
  const peer = peerOf(message);
  if (message.from === me && message.ref) state.pending.delete(message.ref);
  const chat = conversation('direct', peer);
  const fresh = remember(chat, message);
  if (!state.contacts.includes(peer)) addContact(peer);
  if (message.from === me) {
    chat.read = Math.max(chat.read, message.seq); // sending moves the sender's own read to its message
  } else {
    stopTyping(chat.key, message.from);
    if (fresh && message.seq > chat.read && !shown(chat)) chat.unread += 1;
  }
  markRead(chat);
  render();
}

/** The user's own membership changed; the client follows the room (from its start) or stops following it. */
function membership(entry) {
  const room = conversation('room', entry.room);
  touch(room, entry.at);
  switch (entry.change) {
    case 'added':
      room.member = true;
      loadRoom(room);
      break;
    case 'removed':
    case 'left':
      room.member = false;
      break;
    case 'closed':
      room.closed = true;
      break;
    default:
      break;
  }
  render();
}

// --- rooms ------------------------------------------------------------------------------------------

/** A frame of a room's log (a message, a member change, the close): the client emits each room seq once. */
function roomFrame(frame) {
  const room = conversation('room', frame.room);
  const fresh = remember(room, frame);
  if (frame.type === 'message') {
    if (frame.from === me) {
      if (frame.ref) state.pending.delete(frame.ref);
      room.read = Math.max(room.read, frame.seq);
    } else {
      stopTyping(room.key, frame.from);
      if (fresh && frame.seq > room.read && !shown(room)) room.unread += 1;
    }
  } else if (frame.type === 'member') {
    memberChanged(room, frame);
  } else if (frame.type === 'closed') {
    room.closed = true;
  }
  markRead(room);
  render();
}

function memberChanged(room, frame) {
  if (frame.change === 'added') {
    if (!room.members.some((m) => m.user === frame.user)) {
      room.members.push({ user: frame.user, role: 'member', since: frame.seq });
    }
  } else {
    room.members = room.members.filter((m) => m.user !== frame.user);
    room.reads.delete(frame.user);
    if (frame.user === me) room.member = false;
  }
}

/** A room as user-command-service or the query API answers it. */
function adopt(body) {
  const room = conversation('room', body.room);
  room.title = body.title;
  room.owner = body.owner;
  room.closed = Boolean(body.closed);
  room.members = body.members.map(({ user, role, since }) => ({ user, role, since }));
  room.member = room.members.some((m) => m.user === me);
  for (const member of body.members) {
    if (member.read === undefined) continue;
    if (member.user === me) room.read = Math.max(room.read, member.read);
    else room.reads.set(member.user, Math.max(room.reads.get(member.user) || 0, member.read));
  }
  room.latest = Math.max(room.latest, body.seq || 0);
  if (!room.activity) touch(room, body.createdAt);
  return room;
}

async function loadRoom(room, attempt = 1) {
  if (!queryApi) return;
  try {
    const response = await fetch(`${queryApi}/rooms/${encodeURIComponent(room.id)}`, { headers: bearer() });
    if (response.ok) {
      adopt(await response.json());
      render();
      return;
    }
    // the query API learns a new room a moment after the room frame: ask again a little later
    if ((response.status === 404 || response.status === 503) && attempt < 5) {
      setTimeout(() => loadRoom(room, attempt + 1), 500 * attempt);
    }
  } catch (e) {
    notice(`could not load room ${room.id} from ${queryApi}: ${e.message}`);
  }
}

async function createRoom(form) {
  const id = form.elements.room.value.trim().toLowerCase();
  const title = form.elements.title.value.trim() || id;
  const members = usernames(form.elements.members.value);
  const body = await command('POST', '/rooms', { room: id, title, members });
  if (!body) return;
  form.reset();
  const room = adopt(body);
  // follow it from what the answer holds, without waiting for the room frame in the inbox (which does the same)
  client.subscribe({ [room.id]: body.seq });
  openConversation(room.key);
}

async function addMembers(form) {
  const room = state.conversations.get(state.open);
  const users = usernames(form.elements.users.value);
  if (!room || room.kind !== 'room' || !users.length) return;
  const body = await command('POST', `/rooms/${encodeURIComponent(room.id)}/members`, { users });
  if (!body) return;
  form.reset();
  adopt(body);
  render();
}

/** A command to user-command-service; the answer's body, or null after showing why it failed. */
async function command(method, path, body) {
  if (!usersApi) {
    notice('rooms need the user-command-service: open the page with users=URL');
    return null;
  }
  try {
    const response = await fetch(`${usersApi}${path}`, {
      method,
      headers: { ...bearer(), 'Content-Type': 'application/json' }, // no retries, so no Idempotency-Key
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      notice('');
      return answer;
    }
    notice(`${answer.error || `HTTP ${response.status}`}: ${answer.message || ''}`);
  } catch (e) {
    notice(`could not reach ${usersApi}: ${e.message}`);
  }
  return null;
}

function usernames(text) {
  return [...new Set(text.split(',').map((u) => u.trim().toLowerCase()).filter((u) => u && u !== me))];
}

// --- typing and reads -------------------------------------------------------------------------------

function typingSeen(frame) {
  if (frame.user === me) return;
  const key = frame.room ? keyOf('room', frame.room) : keyOf('direct', frame.user);
  if (!state.typing.has(key)) state.typing.set(key, new Map());
  state.typing.get(key).set(frame.user, Date.now() + TYPING_SHOWN_MS);
  setTimeout(() => {
    const until = state.typing.get(key)?.get(frame.user);
    if (until !== undefined && until <= Date.now()) stopTyping(key, frame.user);
  }, TYPING_SHOWN_MS + 20);
  renderTyping();
  renderConversations();
}

function stopTyping(key, user) {
  if (state.typing.get(key)?.delete(user)) {
    renderTyping();
    renderConversations();
  }
}

function typingNow(key) {
  const now = Date.now();
  return [...(state.typing.get(key) || new Map())].filter(([, until]) => until > now).map(([user]) => user);
}

function typed() {
  const open = state.conversations.get(state.open);
  if (!open || !$('#composer input').value.trim()) return;
  client.typing(open.kind === 'room' ? { room: open.id } : { to: open.id }); // at most one per 2 s goes out
}

function readSeen(frame) {
  if (frame.room) {
    const room = conversation('room', frame.room);
    if (frame.user === me) readUpTo(room, frame.seq); // on another device
    else room.reads.set(frame.user, Math.max(room.reads.get(frame.user) || 0, frame.seq));
  } else if (frame.with) {
    // in this user's own inbox seqs: the peer's read, or this user's own on another device
    const chat = conversation('direct', frame.with);
    if (frame.user === me) readUpTo(chat, frame.seq);
    else chat.theirRead = Math.max(chat.theirRead, frame.seq);
  }
  render();
}

function readUpTo(chat, seq) {
  chat.read = Math.max(chat.read, seq);
  if (chat.read >= chat.latest) {
    chat.unread = 0;
  } else {
    chat.unread = Math.min(chat.unread, [...chat.frames.values()].filter((f) => unreadable(f, chat.read)).length);
  }
}

const unreadable = (frame, read) => frame.type === 'message' && frame.from !== me && frame.seq > read;

const shown = (chat) => state.open === chat.key && document.visibilityState !== 'hidden';

/** The open conversation is read up to its newest seq: the engine, and so the other members, learn it. */
function markRead(chat) {
  if (!shown(chat)) return;
  chat.unread = 0;
  if (chat.latest <= chat.read) return;
  // while offline the client keeps the highest mark and sends it at the next welcome
  client.read(chat.kind === 'room' ? { room: chat.id, seq: chat.latest } : { with: chat.id, seq: chat.latest });
  chat.read = chat.latest;
}

// --- conversations ----------------------------------------------------------------------------------

function remember(chat, frame) {
  const fresh = !chat.frames.has(frame.seq);
  chat.frames.set(frame.seq, frame);
  chat.latest = Math.max(chat.latest, frame.seq);
  if (frame.type === 'message' && (!chat.last || chat.last.seq <= frame.seq)) chat.last = frame;
  touch(chat, frame.at);
  return fresh;
}

function touch(chat, at) {
  const time = at ? Date.parse(at) : 0;
  if (time > chat.activity) chat.activity = time;
}

/** The list from the query API, merged with what the page already holds (which may be newer). */
async function loadConversations() {
  if (!queryApi) return;
  try {
    const response = await fetch(`${queryApi}/conversations?limit=50`, { headers: bearer() });
    if (!response.ok) throw new Error(`conversations: HTTP ${response.status}`);
    const body = await response.json();
    state.listLoaded = true;
    const added = body.conversations.filter(merge);
    if (added.length) watch();
    render();
  } catch (e) {
    notice(`could not load conversations from ${queryApi}: ${e.message}`);
  }
}

function merge(entry) {
  const chat = entry.room ? conversation('room', entry.room) : conversation('direct', entry.with);
  if (entry.title) chat.title = entry.title;
  const latest = Math.max(entry.seq || 0, entry.last ? entry.last.seq : 0);
  const read = entry.read || 0;
  // the query API's count covers up to its latest; frames the page holds past that come on top
  let unread = chat.read > read && chat.read >= latest ? 0 : entry.unread || 0;
  unread += [...chat.frames.values()].filter((f) => f.seq > latest && unreadable(f, Math.max(read, chat.read))).length;
  chat.unread = unread;
  chat.read = Math.max(chat.read, read);
  chat.latest = Math.max(chat.latest, latest);
  if (entry.theirRead) chat.theirRead = Math.max(chat.theirRead, entry.theirRead);
  if (entry.last && (!chat.last || chat.last.seq < entry.last.seq)) chat.last = asFrame(entry.last);
  touch(chat, entry.last && entry.last.at);
  markRead(chat);
  return chat.kind === 'direct' && addContact(chat.id, true);
}

const asFrame = (message) => (message.type ? message : { type: 'message', ...message });

async function loadHistory(chat, before) {
  if (!queryApi) return false;
  const path = chat.kind === 'room'
    ? `/rooms/${encodeURIComponent(chat.id)}/messages?limit=50`
    : `/messages?with=${encodeURIComponent(chat.id)}&limit=50`;
  try {
    const response = await fetch(`${queryApi}${path}${before ? `&before=${before}` : ''}`, { headers: bearer() });
    if (!response.ok) throw new Error(`history: HTTP ${response.status}`);
    const body = await response.json();
    // GET /messages answers direct messages without a type; room history answers room frames with theirs
    body.messages.filter((m) => chat.kind === 'room' || !m.room).forEach((m) => remember(chat, asFrame(m)));
    return body.messages.length === 50;
  } catch (e) {
    notice(`could not load history from ${queryApi}: ${e.message}`);
    return false;
  }
}

async function openConversation(key) {
  const chat = state.conversations.get(key);
  if (!chat) return;
  state.open = key;
  markRead(chat);
  render();
  if (chat.kind === 'room') loadRoom(chat);
  if (!chat.historyLoaded) {
    chat.historyLoaded = true;
    chat.more = await loadHistory(chat);
    markRead(chat);
    if (state.open === key) render();
  }
  $('#composer input').focus();
}

async function loadEarlier() {
  const chat = state.conversations.get(state.open);
  if (!chat || !chat.frames.size) return;
  chat.more = await loadHistory(chat, Math.min(...chat.frames.keys()));
  render();
}

/** 128 random bits: the page makes the ref so that it can show the message as pending under it at once. */
const newRef = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The client keeps the message in its outbox (and storage) and sends it, again after every reconnect, until answered. */
function send(text) {
  const chat = state.conversations.get(state.open);
  const ref = newRef();
  const pending = chat.kind === 'room' ? { room: chat.id, text } : { to: chat.id, text };
  state.pending.set(ref, pending);
  client.send({ ...pending, ref }).catch((error) => {
    // a final answer (forbidden, not_found, too_large...): the message was not accepted
    state.pending.delete(ref);
    notice(`${error.code}: ${error.message}`);
    render();
  });
  render();
}

/** The `sent` answer, of a send of this page or of an earlier visit. */
function answered(frame) {
  // stays on screen, marked accepted, until its copy in the inbox or the room's log (with its seq) replaces it
  const send = state.pending.get(frame.ref);
  if (send && !send.accepted) {
    send.accepted = true;
    send.seq = frame.seq;
    if (send.room && conversation('room', send.room).frames.has(frame.seq)) state.pending.delete(frame.ref);
    render();
  }
}

/** Watches a user's presence; quietly: the caller sends one watch frame for many (it is rate limited). */
function addContact(user, quietly) {
  if (user === me || state.contacts.includes(user)) return false;
  state.contacts.push(user);
  save();
  if (!quietly) watch();
  renderContacts();
  return true;
}

const bearer = () => ({ Authorization: `Bearer ${token}` });

// --- rendering --------------------------------------------------------------------------------------

function render() {
  renderConversations();
  renderContacts();
  renderPeer();
  renderMessages();
  renderTyping();
  renderComposer();
}

const nameOf = (chat) => (chat.kind === 'room' ? chat.title || chat.id : chat.id);

function renderConversations() {
  const chats = [...state.conversations.values()]
    .filter((chat) => chat.kind === 'room' || chat.frames.size || chat.last)
    .sort((a, b) => b.activity - a.activity || a.key.localeCompare(b.key));
  $('#conversations').replaceChildren(...chats.map((chat) => {
    const item = document.createElement('li');
    item.dataset.conversation = chat.key;
    item.dataset.kind = chat.kind;
    item.dataset.unread = String(chat.unread);
    item.classList.toggle('open', chat.key === state.open);
    item.classList.toggle('gone', chat.kind === 'room' && (!chat.member || chat.closed));
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = chat.kind === 'room' ? `# ${nameOf(chat)}` : chat.id;
    item.append(name);
    if (chat.unread) item.append(badge(chat.unread));
    const preview = document.createElement('span');
    preview.className = 'preview';
    const typing = typingNow(chat.key);
    preview.textContent = typing.length ? `${typing.join(', ')} typing...`
      : chat.last ? `${chat.kind === 'room' ? `${chat.last.from}: ` : ''}${chat.last.text}` : '';
    item.append(preview);
    item.onclick = () => openConversation(chat.key);
    return item;
  }));
}

function badge(count) {
  const unread = document.createElement('span');
  unread.className = 'unread';
  unread.textContent = String(count);
  return unread;
}

function renderContacts() {
  $('#contacts').replaceChildren(...state.contacts.map((user) => {
    const item = document.createElement('li');
    item.dataset.user = user;
    item.dataset.online = String(Boolean(state.presence.get(user)?.online));
    item.classList.toggle('open', keyOf('direct', user) === state.open);
    item.append(user);
    const unread = state.conversations.get(keyOf('direct', user))?.unread;
    if (unread) item.append(badge(unread));
    item.onclick = () => openConversation(conversation('direct', user).key);
    return item;
  }));
}

function renderPeer() {
  const chat = state.conversations.get(state.open);
  $('#peer-name').textContent = chat ? nameOf(chat) : 'pick a conversation';
  $('#peer').dataset.conversation = chat ? chat.key : '';
  const presence = chat && chat.kind === 'direct' && state.presence.get(chat.id);
  let text = '';
  if (presence) {
    text = presence.online ? 'online'
      : presence.lastSeen ? `last seen ${new Date(presence.lastSeen).toLocaleString()}` : 'offline';
  } else if (chat && chat.kind === 'room') {
    text = chat.closed ? 'closed' : chat.member ? '' : 'you are no longer a member';
  }
  $('#peer-presence').textContent = text;
  $('#peer-presence').dataset.online = String(Boolean(presence && presence.online));
  const room = chat && chat.kind === 'room' ? chat : null;
  $('#room').hidden = !room;
  $('#room-members').replaceChildren(...(room ? room.members : []).map((member) => {
    const item = document.createElement('li');
    item.dataset.user = member.user;
    item.dataset.role = member.role;
    item.textContent = member.role === 'owner' ? `${member.user} (owner)` : member.user;
    return item;
  }));
  $('#add-members').hidden = !room || room.owner !== me || room.closed;
}

function renderMessages() {
  const list = $('#messages');
  const chat = state.conversations.get(state.open);
  const frames = chat ? [...chat.frames.values()].filter((f) => ['message', 'member', 'closed'].includes(f.type))
    .sort((a, b) => a.seq - b.seq) : [];
  const readBy = chat ? readers(chat, frames) : new Map();
  const items = frames.map((frame) => {
    const item = frame.type === 'message' ? bubble(frame.text, frame.from === me) : event(frame);
    item.dataset.seq = String(frame.seq);
    if (frame.type === 'message') {
      item.dataset.from = frame.from;
      const time = document.createElement('time');
      time.dateTime = frame.at;
      time.textContent = `${chat.kind === 'room' && frame.from !== me ? `${frame.from} · ` : ''}${
        new Date(frame.at).toLocaleTimeString()}`;
      item.append(time);
    }
    const users = readBy.get(frame.seq);
    if (users) {
      item.dataset.readBy = users.join(' ');
      const mark = document.createElement('span');
      mark.className = 'read-mark';
      mark.textContent = chat.kind === 'room' ? `read by ${users.join(', ')}` : 'read';
      item.append(mark);
    }
    return item;
  });
  for (const [ref, pending] of state.pending) {
    const key = pending.room ? keyOf('room', pending.room) : keyOf('direct', pending.to);
    if (key !== state.open || (pending.room && pending.seq && chat.frames.has(pending.seq))) continue;
    const item = bubble(pending.text, true);
    item.classList.add('pending');
    item.classList.toggle('accepted', Boolean(pending.accepted));
    item.dataset.ref = ref;
    items.push(item);
  }
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...items);
  if (atBottom) list.scrollTop = list.scrollHeight;
  $('#earlier').hidden = !(chat && chat.more);
}

/**
 * Who has read up to where, each shown once, under the newest message they have read (not their own): in a room
 * the members' reads from read frames; in a direct conversation the peer's read, under this user's own messages.
 */
function readers(chat, frames) {
  const marks = new Map();
  const reads = chat.kind === 'room' ? [...chat.reads] : [[chat.id, chat.theirRead]];
  for (const [user, seq] of reads) {
    const candidates = frames.filter((f) => f.type === 'message' && f.seq <= seq
      && (chat.kind === 'room' ? f.from !== user : f.from === me));
    if (!candidates.length) continue;
    const at = candidates[candidates.length - 1].seq;
    if (!marks.has(at)) marks.set(at, []);
    marks.get(at).push(user);
  }
  return marks;
}

function bubble(text, mine) {
  const item = document.createElement('li');
  item.className = mine ? 'message mine' : 'message';
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  item.append(body);
  return item;
}

function event(frame) {
  const item = document.createElement('li');
  item.className = 'event';
  item.dataset.type = frame.type;
  const by = frame.by === me ? 'you' : frame.by;
  item.textContent = frame.type === 'closed' ? `${by} closed the room`
    : frame.change === 'added' ? `${by} added ${frame.user}`
      : frame.change === 'left' ? `${frame.user} left` : `${by} removed ${frame.user}`;
  return item;
}

function renderTyping() {
  const users = state.open ? typingNow(state.open) : [];
  const typing = $('#typing');
  typing.dataset.users = users.join(' ');
  typing.textContent = !users.length ? ''
    : `${users.join(', ')} ${users.length === 1 ? 'is' : 'are'} typing...`;
}

function renderComposer() {
  const chat = state.conversations.get(state.open);
  const closed = !chat || state.stopped || (chat.kind === 'room' && (chat.closed || !chat.member));
  $('#composer input').disabled = closed;
  $('#send').disabled = closed;
  $('#new-room button').disabled = state.stopped;
}

// --- start ------------------------------------------------------------------------------------------

function start() {
  if (!token || !me) {
    $('#signin').hidden = false;
    $('#signin-form').onsubmit = (event) => {
      event.preventDefault();
      const form = new FormData(event.target);
      const next = new URLSearchParams({ token: form.get('token').trim() });
      for (const name of ['query', 'users']) {
        if (form.get(name).trim()) next.set(name, form.get(name).trim());
      }
      location.search = next.toString();
    };
    return;
  }
  $('#app').hidden = false;
  $('#me').textContent = `signed in as ${me}`;
  load();
  $('#add-contact').onsubmit = (event) => {
    event.preventDefault();
    const input = event.target.elements.user;
    const user = input.value.trim().toLowerCase();
    if (user) addContact(user);
    input.value = '';
  };
  $('#new-room').onsubmit = (event) => {
    event.preventDefault();
    createRoom(event.target);
  };
  $('#add-members').onsubmit = (event) => {
    event.preventDefault();
    addMembers(event.target);
  };
  $('#composer').onsubmit = (event) => {
    event.preventDefault();
    const input = event.target.elements.text;
    const text = input.value.trim();
    if (text && state.open && !state.stopped) send(text);
    input.value = '';
  };
  $('#composer input').addEventListener('input', typed);
  $('#earlier').onclick = loadEarlier;
  document.addEventListener('visibilitychange', () => {
    const open = state.conversations.get(state.open);
    if (open) markRead(open);
    render();
  });
  render();
  listen();
  watch(); // sent at every welcome from now on
  client.connect();
}

start();
