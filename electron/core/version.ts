// The app version, from package.json, so the CLI, server and UI all report the same one.
// A static JSON import (not a runtime read) so it survives bundling into the Electron main.
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
