// The Electron fuses in build/electron-builder.yml. The packaged binary cannot be built or run
// here, so the config is checked three ways: each value as we want it, each key known to the
// schema of the app-builder-lib we install (a misspelt key would otherwise be a silent no-op
// to a reader), and run through app-builder-lib's own translation into @electron/fuses' wire
// positions, which is what is written into the binary.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const libRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));

const yaml = libRequire('js-yaml') as { load(text: string): unknown };
const config = z
  .object({ asar: z.unknown(), electronFuses: z.record(z.string(), z.unknown()) })
  .passthrough()
  .parse(yaml.load(fs.readFileSync(path.join(ROOT, 'build', 'electron-builder.yml'), 'utf8')));

const SchemeFile = z.object({
  properties: z.record(z.string(), z.unknown()),
  definitions: z.object({
    FuseOptionsV1: z.object({ additionalProperties: z.boolean(), properties: z.record(z.string(), z.object({ type: z.string() })) }),
  }),
});
const scheme = SchemeFile.parse(JSON.parse(fs.readFileSync(libRequire.resolve('./scheme.json'), 'utf8')));

/** The fuses issue 9 asks for, by the name electron-builder's FuseOptionsV1 gives them. */
const WANTED = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

describe('Electron fuses (build/electron-builder.yml)', () => {
  it('sets exactly the fuses we want, each to its value', () => {
    for (const [key, value] of Object.entries(WANTED)) expect(config.electronFuses[key], key).toBe(value);
    expect(config.electronFuses).toEqual(WANTED);
  });

  it("uses only keys app-builder-lib's schema knows, under the key it reads", () => {
    const top = z.object({ anyOf: z.array(z.object({ $ref: z.string() }).partial()) }).parse(scheme.properties.electronFuses);
    const ref = top.anyOf.find((a) => a.$ref)?.$ref;
    expect(ref).toBe('#/definitions/FuseOptionsV1');
    const fuseOptions = scheme.definitions.FuseOptionsV1;
    expect(fuseOptions.additionalProperties).toBe(false);
    const known = fuseOptions.properties;
    for (const key of Object.keys(config.electronFuses)) {
      expect(Object.keys(known), `electronFuses.${key} is not in FuseOptionsV1`).toContain(key);
      expect(known[key]!.type, key).toBe('boolean');
    }
  });

  it("becomes the intended bits in @electron/fuses' wire, as app-builder-lib translates it", async () => {
    // Through the package's entry: platformPackager.js alone trips over a require cycle.
    const { PlatformPackager } = libRequire('./out/index.js') as {
      PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
    };
    const wire = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
    const fusesRequire = createRequire(libRequire.resolve('./out/platformPackager.js'));
    const { FuseV1Options } = fusesRequire('@electron/fuses') as { FuseV1Options: Record<string, number | string> };
    const expected: Record<string, boolean> = {
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      OnlyLoadAppFromAsar: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      GrantFileProtocolExtraPrivileges: false,
    };
    for (const [name, value] of Object.entries(expected)) {
      const position = FuseV1Options[name];
      expect(position, `FuseV1Options.${name}`).toBeTypeOf('number');
      expect(wire[String(position)], name).toBe(value);
    }
  });

  it('packs the app into an asar with its integrity hash, which the asar fuses rely on', () => {
    // `true`, not an options object: integrity stays on (asar.disableIntegrity would turn it off).
    expect(config.asar).toBe(true);
  });
});
