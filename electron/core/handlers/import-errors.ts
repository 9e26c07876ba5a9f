// An import that fails because of what the user gave (a format that does not fit, a file that
// cannot be read, a malformed log format) is their input, answered as BAD_INPUT in one sentence.
import { BadInputError } from '../rpc/dispatch.js';
import { ImportFileError } from '../importers/file-identity.js';
import { UnknownFormatError } from '../importers/formats/index.js';
import { LogFormatError } from '../importers/log-format/errors.js';

export async function wrapImportErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof UnknownFormatError || err instanceof ImportFileError || err instanceof LogFormatError) {
      throw new BadInputError(err.message);
    }
    throw err;
  }
}
