// Browser mode's secret. The printed URL carries it in the fragment (`#token=`), which a
// browser never sends to any server; the page moves it out of the address bar and sends it
// only as an Authorization header to its own origin.
//
// It is kept in localStorage, not in a cookie: cookies are scoped by host but not by port, so
// every other server on 127.0.0.1 would have been sent it, while storage belongs to one origin
// (port included) and is never attached to a request by the browser. localStorage rather than
// sessionStorage because sessionStorage is per tab: a second tab opened on the bare URL would
// be locked out. A BroadcastChannel handshake would need another tab still open, and a wait at
// every start to learn that none is. A copy left behind is worthless: each server start makes
// a new secret.

const STORAGE_KEY = 'logbridge.uiSecret';

/** The secret in a URL's fragment, or in an old-style `?token=` query, and the URL without it. */
export function splitSecret(href: string): { secret: string | null; rest: string } {
  const url = new URL(href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  let secret = fragment.get('token');
  if (secret !== null) {
    fragment.delete('token');
    url.hash = fragment.toString();
  }
  const query = url.searchParams.get('token');
  if (query !== null) {
    secret ??= query;
    url.searchParams.delete('token');
  }
  return { secret: secret === '' ? null : secret, rest: `${url.pathname}${url.search}${url.hash}` };
}

/** Asks the server whether it accepts a secret; false when it refuses it or cannot be asked. */
export type VerifySecret = (candidate: string) => Promise<boolean>;

export interface SecretStore {
  /**
   * The secret in force, read from storage at each request so a tab opened later with a new
   * one updates this one too. Waits for a secret being adopted, so no call goes out with the
   * old one while the new one is checked.
   */
  read(): Promise<string | null>;
  /**
   * The secret now, when no new one is being checked (undefined while one is): lets a call go
   * out within the user's act itself, before the render it causes, instead of a turn later.
   */
  readNow(): string | null | undefined;
  /**
   * Takes the secret out of the page's URL, if it carries one; `replaceUrl` rewrites the
   * address bar at once, whatever the answer. The secret replaces the stored one, which every
   * tab shares, only once the server accepted it: any page can open our URL with a
   * `#token=junk`, and must not sign every tab out by doing so.
   */
  adopt(href: string, replaceUrl: (rest: string) => void, verify: VerifySecret): Promise<void>;
}

/** `storage` may be null or throw (storage disabled): the secret then lives as long as the page. */
export function createSecretStore(storage: Pick<Storage, 'getItem' | 'setItem'> | null): SecretStore {
  let inMemory: string | null = null;
  let adopting: Promise<void> = Promise.resolve();
  // Secrets being checked (a second link may be opened while the first is checked).
  let checking = 0;
  const stored = (): string | null => {
    try {
      return storage?.getItem(STORAGE_KEY) ?? inMemory;
    } catch {
      return inMemory;
    }
  };
  const keep = (secret: string) => {
    inMemory = secret;
    try {
      storage?.setItem(STORAGE_KEY, secret);
    } catch {
      // Kept in memory only: this tab works until it is closed or reloaded.
    }
  };
  return {
    async read() {
      await adopting;
      return stored();
    },
    readNow: () => (checking > 0 ? undefined : stored()),
    adopt(href, replaceUrl, verify) {
      const { secret, rest } = splitSecret(href);
      if (secret === null) return adopting;
      replaceUrl(rest);
      if (secret === stored()) return adopting;
      // A server that cannot be asked counts as a refusal: the link can be opened again.
      checking++;
      adopting = verify(secret)
        .then(
          (accepted) => {
            if (accepted) keep(secret);
          },
          () => {},
        )
        .finally(() => {
          checking--;
        });
      return adopting;
    },
  };
}
