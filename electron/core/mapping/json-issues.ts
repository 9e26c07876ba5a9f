// What is wrong with a JSON item, said the same way by the collector's answers and an import's
// bad-line reasons: too deep a nesting, or the schema's complaints as one line.

/** A container waiting to be walked: its parent's entry, so a path is spelled only when needed. */
interface Visit {
  value: object;
  depth: number;
  key: string;
  parent: Visit | null;
}

/**
 * The path to the first container deeper than `max`, or null; iterative so depth cannot hurt it.
 * Scalars are never pushed and paths are built only for the answer: a megabyte body holds
 * hundreds of thousands of values, and a string per value made this the slowest step of a decode.
 */
export function tooDeep(value: unknown, max: number): string | null {
  if (value === null || typeof value !== 'object') return null;
  const stack: Visit[] = [{ value, depth: 0, key: '', parent: null }];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (at.depth >= max) {
      const keys: string[] = [];
      for (let v: Visit | null = at; v !== null && v.parent !== null; v = v.parent) keys.push(v.key);
      return keys.reverse().join('.');
    }
    const push = (k: string, child: unknown) => {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: at.depth + 1, key: k, parent: at });
    };
    if (Array.isArray(at.value)) for (let i = 0; i < at.value.length; i++) push(String(i), at.value[i]);
    else for (const k in at.value) if (Object.hasOwn(at.value, k)) push(k, (at.value as Record<string, unknown>)[k]);
  }
  return null;
}

/** zod issues as the `details` our 400 answers carry, and as one line for per-event reasons. */
export function issueDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function issueLine(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issueDetails(issues)
    .map((d) => (d.path ? `${d.path}: ${d.message}` : d.message))
    .join('; ');
}
