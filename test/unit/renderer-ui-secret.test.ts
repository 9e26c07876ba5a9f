import { describe, expect, it } from 'vitest';
import { createSecretStore, splitSecret, type VerifySecret } from '../../renderer/src/api/ui-secret.js';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

/** A server that accepts only `good`, recording what it was asked. */
function server(...good: string[]): VerifySecret & { asked: string[] } {
  const asked: string[] = [];
  return Object.assign(async (candidate: string) => {
    asked.push(candidate);
    return good.includes(candidate);
  }, { asked });
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

  it('removes the secret from the address bar and keeps it where a second tab and a reload find it', async () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const verify = server('abc', 'def');
    const tab = createSecretStore(storage);
    await tab.adopt('http://127.0.0.1:4318/#token=abc', (rest) => replaced.push(rest), verify);
    expect(replaced).toEqual(['/']);
    expect(await tab.read()).toBe('abc');
    const secondTab = createSecretStore(storage);
    await secondTab.adopt('http://127.0.0.1:4318/', (rest) => replaced.push(rest), verify);
    expect(replaced).toEqual(['/']);
    expect(await secondTab.read()).toBe('abc');
    // A newer link opened in the second tab (the server restarted) reaches the first one too.
    await secondTab.adopt('http://127.0.0.1:4318/#token=def', () => {}, verify);
    expect(await tab.read()).toBe('def');
    // The secret already in force is not asked about again.
    await createSecretStore(storage).adopt('http://127.0.0.1:4318/#token=def', () => {}, verify);
    expect(verify.asked).toEqual(['abc', 'def']);
  });

  it('a link with a secret the server refuses leaves the stored one in force, and still leaves the address bar', async () => {
    const storage = memoryStorage();
    const verify = server('good');
    const user = createSecretStore(storage);
    await user.adopt('http://127.0.0.1:4318/#token=good', () => {}, verify);

    // Any web page can open our URL with a junk secret, in a tab of its own.
    const replaced: string[] = [];
    const attacked = createSecretStore(storage);
    await attacked.adopt('http://127.0.0.1:4318/?q=x#token=junk', (rest) => replaced.push(rest), verify);
    expect(verify.asked).toEqual(['good', 'junk']);
    expect(replaced).toEqual(['/?q=x']);
    expect(await user.read()).toBe('good');
    expect(await attacked.read()).toBe('good');
    expect(await createSecretStore(storage).read()).toBe('good');
  });

  it('with no good secret stored, a refused or unverifiable one leaves the page signed out', async () => {
    const refusing = createSecretStore(memoryStorage());
    await refusing.adopt('http://127.0.0.1:4318/#token=junk', () => {}, server());
    expect(await refusing.read()).toBeNull();
    const unreachable = createSecretStore(memoryStorage());
    await unreachable.adopt('http://127.0.0.1:4318/#token=abc', () => {}, () => Promise.reject(new Error('fetch failed')));
    expect(await unreachable.read()).toBeNull();
  });

  it('no request reads the secret while the new one is being checked', async () => {
    const storage = memoryStorage();
    await createSecretStore(storage).adopt('http://127.0.0.1:4318/#token=old', () => {}, server('old'));
    let answer: (accepted: boolean) => void = () => {};
    const tab = createSecretStore(storage);
    const adopted = tab.adopt('http://127.0.0.1:4318/#token=new', () => {}, () => new Promise<boolean>((resolve) => (answer = resolve)));
    const read = tab.read();
    answer(true);
    await adopted;
    expect(await read).toBe('new');
  });

  it('still works for this page when storage is unavailable', async () => {
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
      expect(await tab.read()).toBeNull();
      await tab.adopt('http://127.0.0.1:4318/#token=abc', () => {}, server('abc'));
      expect(await tab.read()).toBe('abc');
      await tab.adopt('http://127.0.0.1:4318/#token=junk', () => {}, server('abc'));
      expect(await tab.read()).toBe('abc');
    }
  });

  it('gives the secret at once when none is being checked, and nothing while one is', async () => {
    const storage = memoryStorage();
    const tab = createSecretStore(storage);
    await tab.adopt('http://127.0.0.1:4318/#token=first', () => {}, server('first', 'second'));
    expect(tab.readNow()).toBe('first');
    let release!: (ok: boolean) => void;
    const checking = tab.adopt('http://127.0.0.1:4318/#token=second', () => {}, () => new Promise<boolean>((r) => (release = r)));
    expect(tab.readNow()).toBeUndefined();
    release(true);
    await checking;
    expect(tab.readNow()).toBe('second');
    // Two checks at once: nothing is certain until both have ended.
    const releases: ((ok: boolean) => void)[] = [];
    const pending = () => new Promise<boolean>((r) => releases.push(r));
    const third = tab.adopt('http://127.0.0.1:4318/#token=third', () => {}, pending);
    const fourth = tab.adopt('http://127.0.0.1:4318/#token=fourth', () => {}, pending);
    releases[0]!(true);
    await third;
    expect(tab.readNow()).toBeUndefined();
    releases[1]!(true);
    await fourth;
    expect(tab.readNow()).toBe('fourth');
  });
});
