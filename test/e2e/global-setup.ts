// Before any browser test: fail in one line if Chromium is missing, and build the renderer
// once so every test serves the real production bundle.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromiumPath } from './chromium.js';

export default function setup(): void {
  chromiumPath();
  const root = path.resolve(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}
