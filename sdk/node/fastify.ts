// Fastify: `app.register(logbridgeFastify, opts)`. Marked skip-override (what fastify-plugin
// does, without the dependency) so the hooks apply to the whole app rather than only inside
// the plugin's own encapsulation context. The route template is Fastify's own
// (`request.routeOptions.url`, prefix included) and the duration is `reply.elapsedTime`.
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import type { CollectorClient } from './collector-client.js';
import { buildRecord, clientFor, ignored, type LogbridgeOptions } from './record.js';

export type FastifyOptions = LogbridgeOptions<FastifyRequest>;

interface RequestState {
  startedAt: number;
  t0: number;
  recorded: boolean;
  error?: string;
}

function record(client: CollectorClient, opts: FastifyOptions, request: FastifyRequest, reply: FastifyReply, state: RequestState, aborted: boolean): void {
  if (state.recorded) return;
  state.recorded = true;
  const elapsed = reply.elapsedTime;
  const durationMs = typeof elapsed === 'number' && Number.isFinite(elapsed) ? elapsed : performance.now() - state.t0;
  const url: unknown = request.routeOptions.url;
  client.record(
    buildRecord(client, opts, {
      req: request,
      headers: request.headers,
      responseHeaders: () => reply.getHeaders(),
      method: request.method,
      url: request.url,
      route: typeof url === 'string' && url !== '' ? url : undefined,
      status: reply.statusCode,
      aborted,
      headersSent: reply.raw.headersSent,
      startedAt: state.startedAt,
      durationMs,
      source: 'fastify',
      ...(state.error !== undefined ? { error: state.error } : {}),
    }),
  );
}

function plugin(instance: FastifyInstance, opts: FastifyOptions, done: (err?: Error) => void): void {
  const client = clientFor(opts);
  try {
    const states = new WeakMap<FastifyRequest, RequestState>();

    instance.addHook('onRequest', (request, reply, next) => {
      try {
        if (!ignored(client, opts, request)) {
          const state: RequestState = { startedAt: Date.now(), t0: performance.now(), recorded: false };
          states.set(request, state);
          // onResponse only runs on 'finish'; a client that leaves early is seen here instead.
          reply.raw.once('close', () => {
            try {
              if (!reply.raw.writableFinished) record(client, opts, request, reply, state, true);
            } catch (err) {
              client.reportError(err, 'recording an aborted request failed');
            }
          });
        }
      } catch (err) {
        client.reportError(err, 'observing a request failed');
      }
      next();
    });

    instance.addHook('onError', (request, _reply, error, next) => {
      try {
        const state = states.get(request);
        if (state) state.error = String(error instanceof Error ? error.message : error).slice(0, 1000);
      } catch (err) {
        client.reportError(err, 'reading a request error failed');
      }
      next();
    });

    instance.addHook('onResponse', (request, reply, next) => {
      try {
        const state = states.get(request);
        if (state) record(client, opts, request, reply, state, false);
      } catch (err) {
        client.reportError(err, 'recording a request failed');
      }
      next();
    });

    // A client we made is ours to flush when the app closes; a shared one belongs to the caller.
    if (!opts.client) instance.addHook('onClose', (_instance, next) => void client.close().then(() => next()));
  } catch (err) {
    client.reportError(err, 'registering the Fastify hooks failed');
  }
  done();
}

Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'logbridge',
});

export const logbridgeFastify: FastifyPluginCallback<FastifyOptions> = plugin;
