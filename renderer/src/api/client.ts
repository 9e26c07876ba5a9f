// The one client the renderer uses. Electron's preload defines window.logbridge; anywhere
// else we are in browser mode and talk HTTP to the server that served this page.
import { createClient, type Client } from './client-core.js';
import { createHttpTransport, secretAccepted } from './http-transport.js';
import { createIpcTransport } from './ipc-transport.js';
import type { Transport } from './transport.js';
import { createSecretStore } from './ui-secret.js';

export { CallFailed, isCallFailed, type ClientErrorCode } from './call-failed.js';
export type { Client } from './client-core.js';
export type { LiveStatus } from './transport.js';

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Runs before the first call: the secret leaves the address bar (and its history entry) at once; calls wait until it is checked. */
function browserTransport(): Transport {
  const secrets = createSecretStore(browserStorage());
  void secrets.adopt(window.location.href, (rest) => window.history.replaceState(window.history.state, '', rest), (candidate) => secretAccepted(candidate));
  return createHttpTransport({ secret: () => secrets.read(), secretNow: () => secrets.readNow() });
}

export const client: Client = createClient(window.logbridge ? createIpcTransport(window.logbridge) : browserTransport());
