// The names the desktop app's IPC goes by, defined once: the main process (electron/main.ts,
// electron/core/rpc/ipc-adapter.ts), the preload and the renderer's IPC transport all read them here.
// Imports nothing and holds only strings and a type: the sandboxed preload bundles this file
// (scripts/build-electron.mjs), and it must stay that small.

export const IPC_CHANNELS = {
  /** The renderer's contract calls: ipcRenderer.invoke(call, name, input), answered by ipcMain.handle. */
  call: 'logbridge:call',
  /** Live topics, pushed to each window: webContents.send(topic, topicName, payload). */
  topic: 'logbridge:topic',
} as const;

/** The global the preload exposes the bridge as: `window.logbridge`. */
export const BRIDGE_GLOBAL = 'logbridge';

/**
 * What the preload exposes: exactly `call` and `subscribe`. Names are plain strings here because
 * both sides check them against the contract at run time; a page can pass anything.
 */
export interface LogbridgeBridge {
  call(name: string, input: unknown): Promise<unknown>;
  subscribe(topic: string, fn: (payload: unknown) => void): () => void;
}
