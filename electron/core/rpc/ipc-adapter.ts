// The Electron side of the contract, without importing Electron: anything with a `handle`
// method will do, so tests pass a fake ipcMain and the real one is wired in main.ts.
import { TOPIC_NAMES } from '../../../shared/api.js';
import { IPC_CHANNELS } from '../../../shared/ipc.js';
import type { RpcHost } from './host.js';

/** The channels (shared/ipc.ts, which the preload reads too). */
export interface IpcLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
}

export function registerIpc<E>(ipc: IpcLike<E>, service: Pick<RpcHost, 'dispatch'>, isTrustedSender: (event: E) => boolean): void {
  ipc.handle(IPC_CHANNELS.call, async (event, name, input) => {
    if (!isTrustedSender(event)) return { ok: false, code: 'BAD_INPUT', message: 'Call refused: the sender is not a Logbridge window.' };
    if (typeof name !== 'string') return { ok: false, code: 'UNKNOWN_CALL', message: 'Call name must be a string.' };
    return service.dispatch(name, input);
  });
}

/** Forwards every live topic to `send` (e.g. each window's webContents.send); returns an unsubscribe. */
export function forwardTopics(service: Pick<RpcHost, 'subscribe'>, send: (topic: string, payload: unknown) => void): () => void {
  const offs = TOPIC_NAMES.map((topic) => service.subscribe(topic, (payload) => send(topic, payload)));
  return () => offs.forEach((off) => off());
}
