// The only bridge between the renderer and the core: `window.logbridge.call(name, input)` and
// `window.logbridge.subscribe(topic, fn)`, over one IPC channel each way. Nothing else (no
// ipcRenderer, no event objects, no Node) reaches the page. Runs sandboxed, so it is bundled
// to CommonJS with shared/ inlined (scripts/build-electron.mjs). The channel and global names
// are shared/ipc.ts's, which the main process and the renderer read too.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, TOPIC_NAMES } from '../shared/api.js';
import { BRIDGE_GLOBAL, IPC_CHANNELS, type LogbridgeBridge } from '../shared/ipc.js';

const callNames: ReadonlySet<string> = new Set(CALL_NAMES);
const topicNames: ReadonlySet<string> = new Set(TOPIC_NAMES);

const bridge: LogbridgeBridge = {
  call(name, input) {
    if (typeof name !== 'string' || !callNames.has(name)) {
      const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 100)) : typeof name;
      return Promise.resolve({ ok: false, code: 'UNKNOWN_CALL', message: `Unknown call ${shown}.` });
    }
    return ipcRenderer.invoke(IPC_CHANNELS.call, name, input) as Promise<unknown>;
  },
  subscribe(topic, fn) {
    if (typeof topic !== 'string' || !topicNames.has(topic)) {
      throw new TypeError(`Unknown topic ${typeof topic === 'string' ? JSON.stringify(topic.slice(0, 100)) : typeof topic}.`);
    }
    if (typeof fn !== 'function') throw new TypeError('subscribe needs a function.');
    const listener = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === topic) fn(payload);
    };
    ipcRenderer.on(IPC_CHANNELS.topic, listener);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      ipcRenderer.removeListener(IPC_CHANNELS.topic, listener);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
