#!/usr/bin/env node
// `npx logbridge ...` from the checkout: runs the TypeScript entry through tsx's loader, so
// the command line is always the code in the tree (no stale build to forget).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli.ts');
process.exitCode = await main(process.argv.slice(2));
