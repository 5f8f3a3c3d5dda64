import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const LIMIT = 10 * 1024;

for (const bundle of ['chat-client.min.mjs', 'chat-client.min.js']) {
  test(`the minified browser bundle ${bundle} is at most 10 KB gzipped`, () => {
    const file = readFileSync(new URL(`../dist/${bundle}`, import.meta.url));
    const gzipped = gzipSync(file, { level: 9 }).length;
    console.log(`${bundle}: ${file.length} bytes minified, ${gzipped} bytes gzipped`);
    assert.ok(gzipped <= LIMIT, `${gzipped} bytes gzipped, over ${LIMIT}`);
  });
}

test('the browser build imports nothing', () => {
  for (const bundle of ['browser.mjs', 'chat-client.min.mjs']) {
    const code = readFileSync(new URL(`../dist/${bundle}`, import.meta.url), 'utf8');
    assert.doesNotMatch(code, /\bimport\s*[({"'\w]|require\(/, `${bundle} has an import`);
  }
});
