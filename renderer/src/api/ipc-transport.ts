// Electron: the preload exposes exactly `call` and `subscribe` through contextBridge. We treat
// what comes back as untrusted input like any other answer; the client validates it.
import type { CallName, TopicName } from '../../../shared/api.js';
import type { BRIDGE_GLOBAL, LogbridgeBridge } from '../../../shared/ipc.js';
import { CallFailed } from './call-failed.js';
import type { LiveStatus, Transport } from './transport.js';


declare global {
  interface Window {
    /** Set by the preload in the desktop app (shared/ipc.ts names it); absent in a browser. */
    [BRIDGE_GLOBAL]?: LogbridgeBridge;
  }
}

export function createIpcTransport(bridge: LogbridgeBridge): Transport {
  return {
    kind: 'ipc',

    async call(name: CallName, input: unknown): Promise<unknown> {
      try {
        return await bridge.call(name, input);
      } catch (err) {
        // ipcRenderer.invoke rejects only when the main process has no handler or crashed.
        const detail = err instanceof Error ? err.message : String(err);
        throw new CallFailed(name, 'TRANSPORT', `The Logbridge core did not answer ${name}: ${detail}`);
      }
    },

    subscribe(topic: TopicName, fn: (payload: unknown) => void, onStatus?: (status: LiveStatus) => void): () => void {
      const off = bridge.subscribe(topic, fn);
      // IPC has no connection to lose while the window exists.
      onStatus?.('live');
      return off;
    },
  };
}
