// Logbridge for Node servers: each request becomes an `api` event in the local collector.
// Frameworks are imported as types only, so none of them is needed at run time.
export { createCollectorClient, DEFAULT_COLLECTOR } from './collector-client.js';
export type { ClientStats, CollectorClient, CollectorClientOptions } from './collector-client.js';
export type { ApiRecord, LogbridgeOptions, RecordSource } from './record.js';
export { ABORTED_STATUS } from './record.js';
export { withLogbridge } from './http.js';
export type { HttpOptions, WithClient } from './http.js';
export { logbridgeExpress, expressRoute } from './express.js';
export type { ExpressOptions } from './express.js';
export { logbridgeFastify } from './fastify.js';
export type { FastifyOptions } from './fastify.js';
