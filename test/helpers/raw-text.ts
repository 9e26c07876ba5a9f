// An access-log line read back from its file is shown redacted like everything stored: the
// client address at its start becomes a `[redacted:…]` marker, keyed per run. This is the
// pattern such a read-back must match, the rest of the line unchanged.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function clientHidden(line: string): RegExp {
  const space = line.indexOf(' ');
  return new RegExp(`^\\[redacted:[0-9a-f]{12}\\]${escape(line.slice(space))}$`);
}
