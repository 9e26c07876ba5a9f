// Pretty-printed JSON with token colours. It produces the same text as
// JSON.stringify(value, null, 2), but as React text nodes inside spans: the values are log
// data, and building an HTML string to highlight them would be an injection.
import type { ReactNode } from 'react';
import { LongText, VisibleText } from '../lib/visible-text.js';

export function JsonView({ value }: { value: unknown }) {
  return <code className="json">{render(value, '')}</code>;
}

function render(value: unknown, indent: string): ReactNode {
  if (value === null) return <span className="j-null">null</span>;
  if (typeof value === 'string') {
    return (
      <span className="j-str">
        <LongText text={JSON.stringify(value)} />
      </span>
    );
  }
  if (typeof value === 'number') return <span className="j-num">{Number.isFinite(value) ? String(value) : 'null'}</span>;
  if (typeof value === 'boolean') return <span className="j-bool">{String(value)}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    return (
      <>
        {'[\n'}
        {value.map((item, i) => (
          <span key={i}>
            {inner}
            {render(item, inner)}
            {i < value.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {`${indent}]`}
      </>
    );
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return (
      <>
        {'{\n'}
        {entries.map(([k, v], i) => (
          <span key={k}>
            {inner}
            <span className="j-key">
              <VisibleText text={JSON.stringify(k)} />
            </span>
            {': '}
            {render(v, inner)}
            {i < entries.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {`${indent}}`}
      </>
    );
  }
  // undefined, functions, symbols, bigints cannot come out of a parsed answer.
  return <span className="j-null">null</span>;
}
