// Before tests that run `bin/logbridge.mjs`: build the CLI bundle from the sources as they are
// now, so a test never passes or fails on a stale build.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export default async function setup(): Promise<void> {
  const script = pathToFileURL(path.resolve(import.meta.dirname, '..', '..', 'scripts', 'build-cli.mjs')).href;
  const { buildCli } = (await import(script)) as { buildCli(opts?: { logLevel?: string }): Promise<unknown> };
  await buildCli({ logLevel: 'error' });
}
