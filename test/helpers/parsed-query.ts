// Queries as the real parser reads them, in a compact shape for assertions: the renderer's
// query builders (dashboard drill-downs, facet clicks) are checked against what the core parses.
// Free of node and DOM types so both TypeScript projects can type-check the tests that use it.

/** The parser's tree (electron/core/query/ast.ts), as much of it as these tests read. */
type QueryNode =
  | { type: 'and' | 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  | { type: 'field'; field: string; op: string; value: string; wildcard: boolean }
  | { type: 'attr'; path: string[]; op: string; value: string; wildcard: boolean }
  | { type: 'text'; text: string; phrase: boolean; prefix: boolean };

// The real parser, loaded at run time: it lives in the core, outside the renderer's TypeScript
// project that type-checks the renderer's tests, and the point is to read the queries back as the core does.
const PARSER = '../../electron/core/query/parse.js';
export const { parseQuery } = (await import(PARSER)) as { parseQuery(text: string): QueryNode | null };

/** The tree without columns, so assertions stay readable. */
export function shape(node: QueryNode | null): unknown {
  if (!node) return null;
  switch (node.type) {
    case 'and':
    case 'or':
      return { [node.type]: node.children.map(shape) };
    case 'not':
      return { not: shape(node.child) };
    case 'field':
      return `${node.field}${node.op}${node.value}${node.wildcard ? ' (wildcard)' : ''}`;
    case 'attr':
      return `attrs[${node.path.join('|')}]${node.op}${node.value}${node.wildcard ? ' (wildcard)' : ''}`;
    case 'text':
      return `${node.phrase ? 'phrase' : 'text'}:${node.text}${node.prefix ? '*' : ''}`;
  }
}

/** `status:404 -method:GET` -> { and: ['status:404', { not: 'method:GET' }] }; null for the empty query. Throws on a syntax error. */
export const parsed = (q: string): unknown => shape(parseQuery(q));
