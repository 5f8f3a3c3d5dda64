// A small chat client for the engine's WebSocket protocol (docs/protocol.md): contacts with presence,
// conversations with history from the query API, and resume with `since` after any disconnect.
'use strict';

const params = new URLSearchParams(location.search);
const token = params.get('token');
const queryApi = (params.get('query') || '').replace(/\/+$/, '');
const $ = (selector) => document.querySelector(selector);

function subjectOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).sub || null;
  } catch (e) {
    return null;
  }
}

const me = token ? subjectOf(token) : null;
const storageKey = (name) => `chat-engine:${location.host}:${me}:${name}`;

const state = {
  socket: null,
  lastSeq: null,            // the last inbox seq this page processed; resumes from it
  contacts: [],             // watched usernames
  presence: new Map(),      // user -> {online, lastSeen}
  conversations: new Map(), // peer -> Map(seq -> message)
  unread: new Map(),        // peer -> count
  pending: new Map(),       // ref -> {to, text, accepted}: shown until the inbox copy arrives
  historyLoaded: new Set(),
  open: null,               // the peer of the open conversation
  retries: 0,
  stopped: false,
};

function load() {
  const seq = localStorage.getItem(storageKey('seq'));
  state.lastSeq = seq === null ? null : Number(seq);
  const saved = JSON.parse(localStorage.getItem(storageKey('contacts')) || '[]');
  const asked = (params.get('watch') || '').split(',').map((u) => u.trim()).filter(Boolean);
  state.contacts = [...new Set([...saved, ...asked])].filter((u) => u !== me);
}

function save() {
  if (state.lastSeq !== null) localStorage.setItem(storageKey('seq'), String(state.lastSeq));
  localStorage.setItem(storageKey('contacts'), JSON.stringify(state.contacts));
}

function setStatus(kind, text) {
  const status = $('#status');
  status.dataset.state = kind;
  status.textContent = text;
}

function notice(text) {
  $('#notice').textContent = text || '';
}

// --- connection -------------------------------------------------------------------------------------

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const since = state.lastSeq === null ? '' : `&since=${state.lastSeq}`;
  const socket = new WebSocket(`${scheme}://${location.host}/ws?access_token=${encodeURIComponent(token)}${since}`);
  state.socket = socket;
  state.welcomed = false;
  setStatus('connecting', state.retries ? `reconnecting (try ${state.retries + 1})` : 'connecting');
  socket.onmessage = (event) => receive(JSON.parse(event.data));
  socket.onclose = (event) => closed(socket, event);
}

async function closed(socket, event) {
  if (state.socket !== socket) return;
  const welcomed = state.welcomed;
  state.socket = null;
  state.welcomed = false;
  if (event.code === 4003) return stop('this user was deactivated');
  if (event.code === 4001) return stop('the token expired: open the page with a new token');
  if (!welcomed) {
    const reason = await refusal();
    if (reason) return stop(`the gateway refused the connection: ${reason}`);
  }
  const delay = Math.min(5000, 250 * 2 ** state.retries) * (0.75 + Math.random() / 2);
  state.retries += 1;
  setStatus('connecting', `offline, reconnecting in ${(delay / 1000).toFixed(1)} s`);
  setTimeout(connect, delay);
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
    // the gateway is unreachable: keep retrying
  }
  return null;
}

function stop(reason) {
  state.stopped = true;
  setStatus('offline', 'disconnected');
  notice(reason);
  $('#composer input').disabled = true;
  $('#send').disabled = true;
}

function transmit(frame) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN && state.welcomed) {
    state.socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

function receive(frame) {
  switch (frame.type) {
    case 'welcome':
      state.welcomed = true;
      state.retries = 0;
      if (state.lastSeq === null) state.lastSeq = frame.seq;
      save();
      setStatus('online', `online via ${frame.gateway}`);
      notice('');
      watch();
      // the accepted ones arrive through the resume; the others are resent with the same ref
      for (const [ref, send] of state.pending) {
        if (!send.accepted) transmit({ type: 'send', to: send.to, text: send.text, ref });
      }
      break;
    case 'message':
      accept(frame);
      break;
    case 'sent': {
      // stays on screen, marked accepted, until its inbox copy (with its seq) replaces it
      const send = state.pending.get(frame.ref);
      if (send && !send.accepted) {
        send.accepted = true;
        render();
      }
      break;
    }
    case 'presence':
      state.presence.set(frame.user, { online: frame.online, lastSeen: frame.lastSeen });
      renderContacts();
      renderPeer();
      break;
    case 'error':
      if (frame.ref && state.pending.delete(frame.ref)) render();
      notice(`${frame.code}: ${frame.message}`);
      break;
    default:
      break;
  }
}

function watch() {
  transmit({ type: 'watch', users: state.contacts });
}

// --- messages ---------------------------------------------------------------------------------------

function peerOf(message) {
  return message.from === me ? message.to : message.from;
}

function remember(message) {
  const peer = peerOf(message);
  if (!state.conversations.has(peer)) state.conversations.set(peer, new Map());
  const conversation = state.conversations.get(peer);
  const fresh = !conversation.has(message.seq);
  conversation.set(message.seq, message);
  return fresh;
}

function accept(message) {
  if (state.lastSeq !== null && message.seq <= state.lastSeq) return; // already processed
  state.lastSeq = message.seq;
  const peer = peerOf(message);
  if (message.from === me && message.ref) state.pending.delete(message.ref);
  remember(message);
  if (!state.contacts.includes(peer)) addContact(peer);
  if (peer !== state.open && message.from !== me) state.unread.set(peer, (state.unread.get(peer) || 0) + 1);
  save();
  render();
}

async function loadHistory(peer, before) {
  if (!queryApi) return false;
  const url = `${queryApi}/messages?with=${encodeURIComponent(peer)}&limit=50${before ? `&before=${before}` : ''}`;
  try {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`history: HTTP ${response.status}`);
    const body = await response.json();
    body.messages.forEach(remember);
    return body.messages.length === 50;
  } catch (e) {
    notice(`could not load history from ${queryApi}: ${e.message}`);
    return false;
  }
}

async function openConversation(peer) {
  state.open = peer;
  state.unread.delete(peer);
  $('#composer input').disabled = state.stopped;
  $('#send').disabled = state.stopped;
  render();
  if (!state.historyLoaded.has(peer)) {
    state.historyLoaded.add(peer);
    $('#earlier').hidden = !(await loadHistory(peer));
    if (state.open === peer) render();
  }
  $('#composer input').focus();
}

async function loadEarlier() {
  const peer = state.open;
  const seqs = [...(state.conversations.get(peer) || new Map()).keys()];
  if (!seqs.length) return;
  $('#earlier').hidden = !(await loadHistory(peer, Math.min(...seqs)));
  render();
}

function send(text) {
  const ref = `w${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  state.pending.set(ref, { to: state.open, text });
  transmit({ type: 'send', to: state.open, text, ref }); // if offline, resent with the same ref on welcome
  render();
}

function addContact(user) {
  if (user === me || state.contacts.includes(user)) return;
  state.contacts.push(user);
  save();
  watch();
  renderContacts();
}

// --- rendering --------------------------------------------------------------------------------------

function render() {
  renderContacts();
  renderPeer();
  renderMessages();
}

function renderContacts() {
  const list = $('#contacts');
  list.replaceChildren(...state.contacts.map((user) => {
    const item = document.createElement('li');
    item.dataset.user = user;
    item.dataset.online = String(Boolean(state.presence.get(user)?.online));
    item.classList.toggle('open', user === state.open);
    item.append(user);
    const unread = state.unread.get(user);
    if (unread) {
      const badge = document.createElement('span');
      badge.className = 'unread';
      badge.textContent = String(unread);
      item.append(badge);
    }
    item.onclick = () => openConversation(user);
    return item;
  }));
}

function renderPeer() {
  $('#peer-name').textContent = state.open || 'pick a contact';
  const presence = state.open && state.presence.get(state.open);
  let text = '';
  if (presence) {
    text = presence.online ? 'online'
      : presence.lastSeen ? `last seen ${new Date(presence.lastSeen).toLocaleString()}` : 'offline';
  }
  $('#peer-presence').textContent = text;
  $('#peer-presence').dataset.online = String(Boolean(presence && presence.online));
}

function renderMessages() {
  const list = $('#messages');
  const conversation = state.conversations.get(state.open) || new Map();
  const items = [...conversation.values()].sort((a, b) => a.seq - b.seq).map((message) => {
    const item = bubble(message.text, message.from === me);
    item.dataset.seq = String(message.seq);
    item.dataset.from = message.from;
    const time = document.createElement('time');
    time.dateTime = message.at;
    time.textContent = new Date(message.at).toLocaleTimeString();
    item.append(time);
    return item;
  });
  for (const [ref, pending] of state.pending) {
    if (pending.to !== state.open) continue;
    const item = bubble(pending.text, true);
    item.classList.add('pending');
    item.classList.toggle('accepted', Boolean(pending.accepted));
    item.dataset.ref = ref;
    items.push(item);
  }
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...items);
  if (atBottom) list.scrollTop = list.scrollHeight;
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

// --- start ------------------------------------------------------------------------------------------

function start() {
  if (!token || !me) {
    $('#signin').hidden = false;
    $('#signin-form').onsubmit = (event) => {
      event.preventDefault();
      const form = new FormData(event.target);
      const next = new URLSearchParams({ token: form.get('token').trim() });
      if (form.get('query').trim()) next.set('query', form.get('query').trim());
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
  $('#composer').onsubmit = (event) => {
    event.preventDefault();
    const input = event.target.elements.text;
    const text = input.value.trim();
    if (text && state.open && !state.stopped) send(text);
    input.value = '';
  };
  $('#earlier').onclick = loadEarlier;
  render();
  connect();
}

start();
