// Where Chromium is on this machine, for the crowd's chromium driver: $CHROMIUM_PATH, else
// Debian's and Ubuntu's usual places. Null: none, so the demo falls back to its http driver.
import fs from 'node:fs';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES].filter((p): p is string => !!p);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}
