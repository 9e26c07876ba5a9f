// Files sent by the UI: pasted text, uploads in pieces (browser mode), cancelling a running import.
import type { HandlerContext } from './context.js';
import type { Handlers } from '../rpc/dispatch.js';
import { wrapImportErrors } from './import-errors.js';

export function importHandlers(ctx: HandlerContext): Pick<Handlers, 'import.file' | 'import.upload' | 'import.cancel'> {
  return {
    'import.file': ({ name, content, ...o }) => wrapImportErrors(() => ctx.imports.importText(name, content, o)),
    'import.upload': (input) => wrapImportErrors(() => ctx.imports.upload(input)),
    'import.cancel': ({ job_id }) => ({ cancelled: ctx.imports.cancel(job_id) }),
  };
}
