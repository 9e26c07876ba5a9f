// Where the database lives when --db is not given. The desktop app and the command line agree
// on it, so a file imported with `logbridge import` shows up in the app.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Logbridge');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Logbridge');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'logbridge');
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LOGBRIDGE_DB) return env.LOGBRIDGE_DB;
  return path.join(defaultDataDir(env), 'logbridge.db');
}
