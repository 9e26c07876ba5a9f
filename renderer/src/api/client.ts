// The one client the renderer uses. Electron's preload defines window.logbridge; anywhere
// else we are in browser mode and talk HTTP to the server that served this page.
import { createClient, type Client } from './client-core.js';
import { createHttpTransport } from './http-transport.js';
import { createIpcTransport } from './ipc-transport.js';

export { CallFailed, isCallFailed, type ClientErrorCode } from './call-failed.js';
export type { Client } from './client-core.js';
export type { LiveStatus } from './transport.js';

export const client: Client = createClient(window.logbridge ? createIpcTransport(window.logbridge) : createHttpTransport());
