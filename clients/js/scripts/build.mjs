// Builds dist/: the ES module for browsers (no dependency), the Node builds (ES module and CommonJS, with `ws`),
// the minified browser bundles (ES module and a script defining `ChatEngine`), and the type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });
const common = { bundle: true, logLevel: 'warning', legalComments: 'none' };
const browser = { ...common, entryPoints: ['src/browser.ts'], platform: 'browser', target: 'es2020' };
const node = { ...common, entryPoints: ['src/node.ts'], platform: 'node', target: 'node20', external: ['ws'] };
await Promise.all([
  build({ ...browser, format: 'esm', outfile: 'dist/browser.mjs' }),
  build({ ...browser, format: 'esm', minify: true, outfile: 'dist/chat-client.min.mjs' }),
  build({ ...browser, format: 'iife', globalName: 'ChatEngine', minify: true, outfile: 'dist/chat-client.min.js' }),
  build({ ...node, format: 'esm', outfile: 'dist/node.mjs' }),
  build({ ...node, format: 'cjs', outfile: 'dist/node.cjs' }),
]);
// the declarations, and the type check: every build fails on a type error
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
copyFileSync('dist/client.d.ts', 'dist/client.d.cts');
