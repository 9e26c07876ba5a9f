import { describe, expect, it } from 'vitest';
import { createSecretStore, splitSecret } from '../../renderer/src/api/ui-secret.js';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('browser-mode secret', () => {
  it('takes the secret from the fragment, or from an old ?token= link, and leaves the rest of the URL', () => {
    expect(splitSecret('http://127.0.0.1:4318/#token=s3cret')).toEqual({ secret: 's3cret', rest: '/' });
    expect(splitSecret('http://127.0.0.1:4318/?token=old')).toEqual({ secret: 'old', rest: '/' });
    expect(splitSecret('http://127.0.0.1:4318/?q=1&token=old#x=2')).toEqual({ secret: 'old', rest: '/?q=1#x=2' });
    expect(splitSecret('http://127.0.0.1:4318/#token=new&x=2')).toEqual({ secret: 'new', rest: '/#x=2' });
    expect(splitSecret('http://127.0.0.1:4318/?token=a#token=b')).toEqual({ secret: 'b', rest: '/' });
    expect(splitSecret('http://127.0.0.1:4318/')).toEqual({ secret: null, rest: '/' });
    expect(splitSecret('http://127.0.0.1:4318/#token=')).toEqual({ secret: null, rest: '/' });
  });

  it('removes the secret from the address bar and keeps it where a second tab and a reload find it', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const tab = createSecretStore(storage);
    tab.adopt('http://127.0.0.1:4318/#token=abc', (rest) => replaced.push(rest));
    expect(replaced).toEqual(['/']);
    expect(tab.read()).toBe('abc');
    const secondTab = createSecretStore(storage);
    secondTab.adopt('http://127.0.0.1:4318/', (rest) => replaced.push(rest));
    expect(replaced).toEqual(['/']);
    expect(secondTab.read()).toBe('abc');
    // A newer link opened in the second tab (the server restarted) reaches the first one too.
    secondTab.adopt('http://127.0.0.1:4318/#token=def', () => {});
    expect(tab.read()).toBe('def');
  });

  it('still works for this page when storage is unavailable', () => {
    const broken: Pick<Storage, 'getItem' | 'setItem'> = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    for (const storage of [broken, null]) {
      const tab = createSecretStore(storage);
      expect(tab.read()).toBeNull();
      tab.adopt('http://127.0.0.1:4318/#token=abc', () => {});
      expect(tab.read()).toBe('abc');
    }
  });
});
