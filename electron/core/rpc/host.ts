// What a transport of the contract (Electron IPC, HTTP /rpc and /live) needs of the core:
// answer a call and follow a live topic. The composition root hands over its service, which has
// both; a transport never sees more of the core than this.
import type { Dispatch } from './dispatch.js';
import type { TopicBus } from './topics.js';

export interface RpcHost {
  dispatch: Dispatch;
  subscribe: TopicBus['subscribe'];
}
