// The gateway's web page in a real browser: two users on two gateways see each other online, read the
// history, chat, and one of them loses the network and resumes without gap or duplicate; then a third joins
// them in a room made through the page, where they write in turn, see each other type and read their unread counts.
// Started by BrowserIT with the engine's addresses and tokens in the environment.
import net from 'node:net';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const [gateway1, gateway2, query, users] = [env('GATEWAY_1'), env('GATEWAY_2'), env('QUERY_URL'), env('USERS_URL')];
const [alice, bob, carol] = [env('ALICE'), env('BOB'), env('CAROL')];
const [aliceToken, bobToken, carolToken] = [env('ALICE_TOKEN'), env('BOB_TOKEN'), env('CAROL_TOKEN')];
const room = env('ROOM');
const earlier = env('EARLIER_TEXT');
const screenshots = process.env.SCREENSHOT_DIR || '.';
const WAIT = 20_000;

/** A TCP relay in front of a gateway whose link can be cut and restored, as a network drop would. */
class Link {
  constructor(target) {
    this.target = new URL(target);
    this.sockets = new Set();
    this.port = Number(process.env.LINK_PORT || 0); // the query API allows pages of this origin
  }

  async up() {
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port), this.target.hostname);
      for (const [a, b] of [[client, upstream], [upstream, client]]) {
        a.pipe(b);
        a.on('error', () => b.destroy());
        a.on('close', () => b.destroy());
        this.sockets.add(a);
        a.on('close', () => this.sockets.delete(a));
      }
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = this.server.address().port;
    return `http://127.0.0.1:${this.port}`;
  }

  async down() {
    const closed = new Promise((resolve) => this.server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

const page = (context, base, token, watch) =>
  context.newPage().then(async (p) => {
    p.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await p.goto(`${base}/?token=${token}&query=${encodeURIComponent(query)}&users=${encodeURIComponent(users)}`
      + `&watch=${watch}`);
    return p;
  });

const online = (p) => p.locator('#status[data-state="online"]').waitFor({ timeout: WAIT });
const contactOnline = (p, user, isOnline) =>
  p.locator(`#contacts li[data-user="${user}"][data-online="${isOnline}"]`).waitFor({ timeout: WAIT });
const shown = (p, text) => p.locator('#messages .message:not(.pending)', { hasText: text }).waitFor({ timeout: WAIT });
const texts = (p) => p.locator('#messages .message:not(.pending) .text').allTextContents();
const say = async (p, text) => {
  await p.fill('#composer input[name="text"]', text);
  await p.click('#send');
};
const roomKey = `room:${room}`;
const listed = (p, key) => p.locator(`#conversations li[data-conversation="${key}"]`).waitFor({ timeout: WAIT });
const unread = (p, key, count) =>
  p.locator(`#conversations li[data-conversation="${key}"][data-unread="${count}"]`).waitFor({ timeout: WAIT });
const opened = (p, key) => p.locator(`#peer[data-conversation="${key}"]`).waitFor({ timeout: WAIT });
const seqsOf = (p) => p.locator('#messages .message:not(.pending)').evaluateAll(
  (items) => items.map((item) => Number(item.dataset.seq)));

const link = new Link(gateway2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let pages = [];
const names = ['alice', 'bob', 'carol'];
try {
  const bobBase = await link.up();
  const alicePage = await page(await browser.newContext(), gateway1, aliceToken, bob);
  const bobPage = await page(await browser.newContext(), bobBase, bobToken, alice);
  pages = [alicePage, bobPage];

  await Promise.all([online(alicePage), online(bobPage)]);
  assert.match(await alicePage.textContent('#me'), new RegExp(alice));
  await contactOnline(alicePage, bob, true);
  await contactOnline(bobPage, alice, true);
  console.log('both pages are online and see each other online');

  await bobPage.click(`#contacts li[data-user="${alice}"]`);
  await shown(bobPage, earlier);
  console.log('opening the conversation shows the history from the query API');

  await alicePage.click(`#contacts li[data-user="${bob}"]`);
  await say(alicePage, 'hello from the browser');
  await shown(bobPage, 'hello from the browser');
  await shown(alicePage, 'hello from the browser');
  await say(bobPage, 'hello back');
  await shown(alicePage, 'hello back');
  await shown(bobPage, 'hello back');
  assert.deepEqual(await texts(bobPage), [earlier, 'hello from the browser', 'hello back']);
  assert.deepEqual(await texts(alicePage), [earlier, 'hello from the browser', 'hello back']);
  console.log('they chat across two gateways');

  await link.down();
  await bobPage.locator('#status[data-state="connecting"]').waitFor({ timeout: WAIT });
  await contactOnline(alicePage, bob, false);
  await say(alicePage, 'while you were away 1');
  await say(alicePage, 'while you were away 2');
  await shown(alicePage, 'while you were away 2');
  await say(bobPage, 'typed while offline');
  assert.equal(await bobPage.locator('#messages .message.pending').count(), 1, 'an unsent message waits');
  console.log('bob lost the network; alice sees him offline and writes on');

  await link.up();
  await online(bobPage);
  await shown(bobPage, 'while you were away 2');
  await shown(alicePage, 'typed while offline');
  await contactOnline(alicePage, bob, true);
  const expected = [earlier, 'hello from the browser', 'hello back', 'while you were away 1',
    'while you were away 2', 'typed while offline'];
  await bobPage.locator('#messages .message.pending').waitFor({ state: 'detached', timeout: WAIT });
  assert.deepEqual(await texts(bobPage), expected, 'bob resumed without gap or duplicate');
  assert.deepEqual(await texts(alicePage), expected, 'alice got the message typed offline once');
  const seqs = await seqsOf(bobPage);
  assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), 'seqs rise by one');
  console.log('bob resumed: the missed messages once each, in order, and his offline message was sent once');

  const carolPage = await page(await browser.newContext(), gateway2, carolToken, alice);
  pages.push(carolPage);
  await online(carolPage);
  await alicePage.fill('#new-room input[name="room"]', room);
  await alicePage.fill('#new-room input[name="title"]', 'The browser room');
  await alicePage.fill('#new-room input[name="members"]', `${bob}, ${carol}`);
  await alicePage.click('#create-room');
  await opened(alicePage, roomKey);
  await alicePage.locator(`#room-members li[data-user="${carol}"]`).waitFor({ timeout: WAIT });
  await Promise.all([listed(bobPage, roomKey), listed(carolPage, roomKey)]);
  console.log('alice made a room with bob and carol through the page, and it is in their lists');

  await say(alicePage, 'room: alice says hello');
  await shown(alicePage, 'room: alice says hello');
  await Promise.all([unread(bobPage, roomKey, 1), unread(carolPage, roomKey, 1)]);
  console.log('bob and carol each have one unread message in the room');

  await carolPage.click(`#conversations li[data-conversation="${roomKey}"]`);
  await opened(carolPage, roomKey);
  await unread(carolPage, roomKey, 0);
  await shown(carolPage, 'room: alice says hello');
  await carolPage.fill('#composer input[name="text"]', 'room: carol answers');
  await alicePage.locator('#typing', { hasText: `${carol} is typing` }).waitFor({ timeout: WAIT });
  await carolPage.click('#send');
  await shown(alicePage, 'room: carol answers');
  console.log('carol opened the room (her badge cleared); alice saw her typing, then her message');

  await unread(bobPage, roomKey, 2);
  const first = await bobPage.locator('#conversations li').first().getAttribute('data-conversation');
  assert.equal(first, roomKey, 'the room, with the latest activity, leads bob\'s list');
  await bobPage.click(`#conversations li[data-conversation="${roomKey}"]`);
  await opened(bobPage, roomKey);
  await unread(bobPage, roomKey, 0);
  await say(bobPage, 'room: bob joins in');
  const inRoom = ['room: alice says hello', 'room: carol answers', 'room: bob joins in'];
  for (const p of [alicePage, bobPage, carolPage]) {
    await shown(p, 'room: bob joins in');
    await p.locator('#messages .message.pending').waitFor({ state: 'detached', timeout: WAIT });
    assert.deepEqual(await texts(p), inRoom, 'every page shows the three room messages once, in order');
    assert.deepEqual(await seqsOf(p), [1, 2, 3], 'room seqs from 1, one per message');
  }
  console.log('bob read his two unread messages and wrote; every page shows the three in order');

  await alicePage.locator(`#messages .message[data-read-by~="${carol}"]`, { hasText: 'room: bob joins in' })
    .waitFor({ timeout: WAIT });
  console.log('alice sees that carol, who has the room open, read up to bob\'s message');
} catch (error) {
  for (const [i, p] of pages.entries()) {
    await p.screenshot({ path: `${screenshots}/browser-failure-${names[i]}.png` }).catch(() => {});
  }
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser.close();
  await link.down().catch(() => {});
}
