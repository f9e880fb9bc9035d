// The size a page pays for each client: the package bundled for a browser with everything it
// exports, minified, then gzipped, all three measured the same way:
//
//   esbuild --bundle --minify --format=esm --platform=browser --external:ws   (of `export * from '<package>'`)
//   gzip level 9
//
// Writes target/size-report.md. With --check, fails unless @pushwire/client is the smallest.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = (name) => JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const CLIENTS = [
  { name: '@pushwire/client', version: JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version, entry: './src/pushwire.js' },
  { name: 'socket.io-client', version: version('socket.io-client'), entry: 'socket.io-client' },
  { name: 'centrifuge', version: version('centrifuge'), entry: 'centrifuge' },
];

async function measure(entry) {
  const result = await build({
    stdin: { contents: `export * from '${entry}';`, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['ws'], // the optional Node peer: never part of a browser bundle
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const rows = [];
for (const client of CLIENTS) rows.push({ ...client, ...await measure(client.entry) });
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const table = [
  '| client | version | minified | minified + gzipped |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.version} | ${r.minified} B (${kb(r.minified)}) | ${r.gzipped} B (${kb(r.gzipped)}) |`),
].join('\n');
console.log(table);
mkdirSync(path.join(ROOT, 'target'), { recursive: true });
writeFileSync(path.join(ROOT, 'target/size-report.md'), `${table}\n`);

if (process.argv.includes('--check')) {
  const [ours, ...others] = rows;
  const bigger = others.filter((o) => o.gzipped <= ours.gzipped);
  if (bigger.length > 0) {
    console.error(`@pushwire/client (${ours.gzipped} B gzipped) is not smaller than ${bigger.map((o) => `${o.name} (${o.gzipped} B)`).join(', ')}`);
    process.exit(1);
  }
}
