#!/usr/bin/env node
// Bundles the browser SDK (sdk/browser/index.ts) into one minified, self-contained IIFE at
// dist/sdk/logbridge.js, which the collector serves as GET /sdk.js. Pages load it with a plain
// <script> tag, so it must not import anything at run time.
// Usage: node scripts/build-sdk.mjs [--out DIR]
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The SDK's promise to its users (issue text): under 8 KB once gzipped. */
export const SDK_GZIP_LIMIT = 8 * 1024;

/**
 * Builds into outDir/logbridge.js; resolves with the file's path, its size and its gzipped size.
 * Rejects when the bundle is over SDK_GZIP_LIMIT, so a growing SDK fails the build, not a user.
 */
export async function buildSdk({ outDir = path.join(ROOT, 'dist', 'sdk'), logLevel = 'warning' } = {}) {
  const file = path.join(outDir, 'logbridge.js');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, 'sdk', 'browser', 'index.ts')],
    outfile: file,
    bundle: true,
    format: 'iife',
    // 'browser' makes any node:* import a build error.
    platform: 'browser',
    // Any browser a developer runs today; nothing newer than ES2020 syntax is left in.
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    sourcemap: false,
    metafile: true,
    logLevel,
  });
  const code = fs.readFileSync(file);
  const gzipBytes = gzipSync(code, { level: 9 }).length;
  if (gzipBytes >= SDK_GZIP_LIMIT) {
    throw new Error(`the SDK is ${gzipBytes} bytes gzipped; the limit is ${SDK_GZIP_LIMIT}`);
  }
  return { file, bytes: code.length, gzipBytes, inputs: Object.keys(result.metafile.inputs) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 && args[outAt + 1] ? path.resolve(args[outAt + 1]) : undefined;
  try {
    const res = await buildSdk({ outDir });
    console.log(`Built ${path.relative(process.cwd(), res.file)} (${res.bytes} bytes, ${res.gzipBytes} gzipped)`);
  } catch (err) {
    // esbuild has already printed located errors; ours is one line.
    console.error(`SDK bundle failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    process.exit(1);
  }
}
