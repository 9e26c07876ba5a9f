// Query trees built in code (the session list's, the bridge chart's, an import's questions about
// a rotated file), so ids, routes and file names never go through quoting and parsing again.
import type { CompareOp, FieldName, QueryNode } from './ast.js';
import { STATIC_ASSET_EXTENSIONS } from '../../../shared/assets.js';

export const field = (name: FieldName, op: CompareOp, value: string | number): QueryNode => ({
  type: 'field', field: name, op, value: String(value), wildcard: false, column: 0,
});

/** The field has a value (`field:*`). */
export const present = (name: FieldName): QueryNode => ({ type: 'field', field: name, op: ':', value: '*', wildcard: true, column: 0 });

/** All of the nodes given (nulls skipped); null when none is left. */
export function and(...nodes: (QueryNode | null | undefined)[]): QueryNode | null {
  const children = nodes.filter((n): n is QueryNode => n !== null && n !== undefined);
  if (children.length === 0) return null;
  return children.length === 1 ? children[0]! : { type: 'and', children };
}

export const or = (children: QueryNode[]): QueryNode => (children.length === 1 ? children[0]! : { type: 'or', children });
export const not = (child: QueryNode): QueryNode => ({ type: 'not', child });

/**
 * Requests for static assets (shared/assets.ts), by their route: routes keep file names whole
 * and drop query strings, and compare ignoring case.
 */
export const STATIC_ASSETS: QueryNode = or(
  STATIC_ASSET_EXTENSIONS.map((ext): QueryNode => ({ type: 'field', field: 'route', op: ':', value: `*.${ext}`, wildcard: true, column: 0 })),
);
