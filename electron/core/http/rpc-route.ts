// HTTP adapter over the one dispatch: POST /rpc/<name> with the input as JSON; the body of
// the answer is exactly what IPC would return.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcHost } from '../rpc/host.js';
import { HttpError, readBody, sendJson } from '../net/body.js';

/** import.file carries a whole file as text; the contract caps it, this caps the bytes. */
const RPC_BODY_LIMIT = 600 * 1024 * 1024;

export async function handleRpc(name: string, req: IncomingMessage, res: ServerResponse, service: Pick<RpcHost, 'dispatch'>): Promise<void> {
  if (req.method !== 'POST') throw new HttpError(405, 'Use POST for /rpc calls.');
  const body = await readBody(req, RPC_BODY_LIMIT);
  let input: unknown = {};
  if (body.length > 0) {
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch (err) {
      sendJson(res, 200, { ok: false, code: 'BAD_INPUT', message: `Request body is not valid JSON: ${(err as Error).message}` });
      return;
    }
  }
  sendJson(res, 200, await service.dispatch(name, input));
}
