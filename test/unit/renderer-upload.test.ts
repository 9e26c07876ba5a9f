import { describe, expect, it } from 'vitest';
import type { CallInput, ImportSummary } from '../../shared/api.js';
import { IMPORT_FORMATS, MAX_UPLOAD_CHUNK_BASE64 } from '../../shared/api.js';
import type { Client } from '../../renderer/src/api/client-core.js';
import { base64Length, bytesToBase64, chunkRanges, encodeBase64, UPLOAD_CHUNK_BYTES } from '../../renderer/src/lib/base64.js';
import { DEFAULT_IMPORT_CHOICE, FORMAT_LABELS, isImportFormat, toUploadOptions } from '../../renderer/src/lib/import-options.js';
import { uploadFile } from '../../renderer/src/lib/upload.js';

/** Deterministic bytes covering all 256 values, so no byte is special-cased by luck. */
function bytes(n: number, seed = 7): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function decode(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Element-wise, because toEqual on megabytes of bytes takes many seconds. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe('base64', () => {
  it.each([0, 1, 2, 3, 4, 5, 0x8000 - 1, 0x8000, 0x8000 + 1, 100_003])('round-trips %i bytes', (n) => {
    const input = bytes(n);
    const b64 = encodeBase64(input);
    expect(b64.length).toBe(base64Length(n));
    expect(sameBytes(decode(b64), input)).toBe(true);
    expect(bytesToBase64(input)).toBe(b64);
  });

  it('matches known encodings, padding included', () => {
    const enc = (s: string) => encodeBase64(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('Zg==');
    expect(enc('fo')).toBe('Zm8=');
    expect(enc('foo')).toBe('Zm9v');
    expect(enc('foobar')).toBe('Zm9vYmFy');
    expect(encodeBase64(new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe]))).toBe('H4sIAP/+');
  });

  it('uses the engine\'s own encoder where there is one', () => {
    const input = Object.assign(new Uint8Array([1, 2, 3]), { toBase64: () => 'native' });
    expect(bytesToBase64(input)).toBe('native');
  });

  it('encodes a whole upload piece without overflowing the stack, fitting one call', () => {
    const input = bytes(UPLOAD_CHUNK_BYTES);
    const b64 = encodeBase64(input);
    expect(b64.length).toBeLessThanOrEqual(MAX_UPLOAD_CHUNK_BASE64);
    expect(sameBytes(decode(b64), input)).toBe(true);
  });
});

describe('chunkRanges', () => {
  it('sends an empty file as one final call', () => {
    expect(chunkRanges(0, 4)).toEqual([{ start: 0, end: 0, last: true }]);
  });

  it('covers the file exactly, last piece marked', () => {
    expect(chunkRanges(10, 4)).toEqual([
      { start: 0, end: 4, last: false },
      { start: 4, end: 8, last: false },
      { start: 8, end: 10, last: true },
    ]);
    expect(chunkRanges(8, 4).map((r) => r.last)).toEqual([false, true]);
  });

  it('keeps the default piece within what one call may carry', () => {
    expect(base64Length(UPLOAD_CHUNK_BYTES)).toBeLessThanOrEqual(MAX_UPLOAD_CHUNK_BASE64);
    expect(() => chunkRanges(10, MAX_UPLOAD_CHUNK_BASE64)).toThrow(RangeError);
    expect(() => chunkRanges(10, 0)).toThrow(RangeError);
  });
});

function summaryFor(name: string, bytesRead: number): ImportSummary {
  return {
    job_id: 'job-1', source_id: 1, name, format: 'jsonl', state: 'done', resumed_from: 0, bytes: bytesRead, lines: 1,
    imported: 1, skipped: 0, truncated: 0, errors: [], elapsed_ms: 5,
  };
}

type UploadInput = CallInput<'import.upload'>;

/** A core that keeps what it receives and answers like the contract says. */
function fakeCore() {
  const calls: UploadInput[] = [];
  const received: number[] = [];
  const client: Pick<Client, 'call'> = {
    call: (async (name: string, input: UploadInput) => {
      expect(name).toBe('import.upload');
      calls.push(input);
      received.push(...decode(input.data_base64));
      return { upload_id: 'a'.repeat(32), received_bytes: received.length, ...(input.done ? { summary: summaryFor(input.name, received.length) } : {}) };
    }) as Client['call'],
  };
  return { client, calls, received };
}

const noHooks = { onSent: () => {}, onFinalizing: () => {}, shouldStop: () => false };

describe('uploadFile', () => {
  it('sends binary bytes unchanged in pieces, reusing the upload id, done only on the last', async () => {
    const data = bytes(10_001);
    const core = fakeCore();
    const sent: number[] = [];
    const summary = await uploadFile(core.client, new File([data], 'app.ndjson.gz'), { format: 'auto' }, { ...noHooks, onSent: (n) => sent.push(n) }, 4096);
    expect(Uint8Array.from(core.received)).toEqual(data);
    expect(core.calls.map((c) => c.done)).toEqual([false, false, true]);
    expect(core.calls[0]?.upload_id).toBeUndefined();
    expect(core.calls.slice(1).map((c) => c.upload_id)).toEqual(['a'.repeat(32), 'a'.repeat(32)]);
    expect(core.calls.every((c) => c.name === 'app.ndjson.gz' && c.format === 'auto')).toBe(true);
    expect(sent).toEqual([4096, 8192, 10_001]);
    expect(summary?.bytes).toBe(10_001);
  });

  it('says when the core starts importing: just before the last piece goes', async () => {
    const core = fakeCore();
    const order: string[] = [];
    await uploadFile(core.client, new File([bytes(9)], 'nine.log'), {}, {
      onSent: (n) => order.push(`sent ${n}`),
      onFinalizing: () => order.push(`finalizing after ${core.calls.length} calls`),
      shouldStop: () => false,
    }, 4);
    expect(order).toEqual(['sent 4', 'sent 8', 'finalizing after 2 calls', 'sent 9']);
  });

  it('passes the log format along with every piece', async () => {
    const core = fakeCore();
    await uploadFile(core.client, new File(['x'], 'a.log'), { format: 'access', log_format: '$remote_addr $status' }, noHooks);
    expect(core.calls).toEqual([expect.objectContaining({ format: 'access', log_format: '$remote_addr $status', done: true })]);
  });

  it('stops between pieces when asked, before the import begins, and tells the core to drop what it has', async () => {
    const core = fakeCore();
    let stop = false;
    const result = await uploadFile(core.client, new File([bytes(20)], 'big.log'), {}, { ...noHooks, onSent: () => (stop = true), shouldStop: () => stop }, 4);
    expect(result).toBeNull();
    expect(core.calls).toHaveLength(2);
    expect(core.calls.some((c) => c.done)).toBe(false);
    expect(core.calls[1]).toMatchObject({ upload_id: 'a'.repeat(32), abort: true, data_base64: '' });
  });

  it('fails clearly when the final answer has no summary', async () => {
    const client: Pick<Client, 'call'> = { call: (async () => ({ upload_id: 'b'.repeat(32), received_bytes: 1 })) as Client['call'] };
    await expect(uploadFile(client, new File(['x'], 'a.log'), {}, noHooks)).rejects.toThrow(/did not say what it imported/);
  });
});

describe('upload options', () => {
  it('sends the chosen format, and a log format only where it applies', () => {
    expect(toUploadOptions(DEFAULT_IMPORT_CHOICE)).toEqual({ format: 'auto' });
    expect(toUploadOptions({ format: 'access', logFormat: '  $remote_addr $status ' })).toEqual({ format: 'access', log_format: '$remote_addr $status' });
    expect(toUploadOptions({ format: 'auto', logFormat: '%h %t "%r" %>s' })).toEqual({ format: 'auto', log_format: '%h %t "%r" %>s' });
    expect(toUploadOptions({ format: 'csv', logFormat: '$remote_addr' })).toEqual({ format: 'csv' });
    expect(toUploadOptions({ format: 'access', logFormat: '   ' })).toEqual({ format: 'access' });
  });

  it('knows the contract\'s formats and labels every one', () => {
    expect(isImportFormat('jsonl')).toBe(true);
    expect(isImportFormat('xml')).toBe(false);
    for (const f of IMPORT_FORMATS) expect(FORMAT_LABELS[f]).toBeTruthy();
  });
});
