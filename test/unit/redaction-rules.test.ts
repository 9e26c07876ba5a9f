// User configuration of what counts as a secret (privacy/redaction-rules.ts), as the redactor applies it.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRedactor, DEFAULT_REDACTION_RULES, parseRedactionRules, RedactionRulesError } from '../../electron/core/privacy/redact.js';

const KEY = Buffer.alloc(32, 3);
const marker = (secret: string) => `[redacted:${createHmac('sha256', KEY).update(secret).digest('hex').slice(0, 12)}]`;

describe('parseRedactionRules', () => {
  it('keeps the defaults and adds headers and keys', () => {
    const rules = parseRedactionRules({ headers: ['X-Internal-Auth'], extraKeys: ['ssn', '^pin(_code)?$'] });
    expect(rules.headers).toEqual([...DEFAULT_REDACTION_RULES.headers, 'x-internal-auth']);
    const custom = createRedactor(KEY, rules);
    expect(custom.headers({ 'x-internal-auth': 'v', authorization: 'w' })).toEqual({ 'x-internal-auth': marker('v'), authorization: marker('w') });
    expect(custom.value({ ssn: 1, customerSsn: 2, pin: 3, pin_code: 4, pinned: true, password: 'p', spin: 5 })).toEqual({
      ssn: marker('1'), customerSsn: marker('2'), pin: marker('3'), pin_code: marker('4'), pinned: true, password: marker('p'), spin: 5,
    });
  });

  it('uses only the given rules when keepDefaults is false', () => {
    const custom = createRedactor(KEY, parseRedactionRules({ keepDefaults: false, extraKeys: ['ssn'] }));
    expect(custom.value({ password: 'p', ssn: 's' })).toEqual({ password: 'p', ssn: marker('s') });
    expect(custom.headers({ authorization: 'a' })).toEqual({ authorization: 'a' });
    const none = createRedactor(KEY, parseRedactionRules({ keepDefaults: false }));
    expect(none.value({ password: 'p', token: 't' })).toEqual({ password: 'p', token: 't' });
  });

  it('defaults to the default rules', () => {
    const rules = parseRedactionRules({});
    expect(rules.headers).toEqual(DEFAULT_REDACTION_RULES.headers);
    expect(rules.cardNumbers).toBe(true);
    expect(createRedactor(KEY, rules).value({ api_key: 'k', author: 'a' })).toEqual({ api_key: marker('k'), author: 'a' });
  });

  it.each([
    [{ extraKeys: ['(unclosed'] }, /Redaction key "\(unclosed" is not a valid regular expression/],
    [{ extraKeys: ['  '] }, /Redaction key 1 is empty/],
    [{ headers: ['x-a', ''] }, /Redaction header 2 is empty/],
    [{ headers: ['bad header'] }, /"bad header" is not a valid HTTP header name/],
    [{ extraKeys: ['(a)\\1'] }, /back-reference/],
    [{ headers: 'authorization' }, /Invalid redaction rules at headers/],
    [{ cardNumbers: 'yes' }, /Invalid redaction rules at cardNumbers/],
    [{ extraKey: ['x'] }, /Invalid redaction rules/],
    [null, /Invalid redaction rules/],
  ])('refuses %j with a clear sentence', (input, message) => {
    expect(() => parseRedactionRules(input)).toThrow(RedactionRulesError);
    expect(() => parseRedactionRules(input)).toThrow(message);
  });

  it('ignores global and sticky flags on hand-made rules', () => {
    const custom = createRedactor(KEY, { headers: [], keyPattern: /^secret$/gy, cardNumbers: false });
    for (let i = 0; i < 3; i++) expect(custom.value({ secret: 's' })).toEqual({ secret: marker('s') });
  });
});
