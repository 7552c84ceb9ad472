// Gives the DAV adapter the login the BackendLogins port chooses for each user (own password,
// master login, per-domain service account, per-user DAV password), never the engine's
// credentials directly. With a service account, discovery must start at the user's own
// principal: SYNCML_DAV_URL may then hold `{user}` (e.g. https://dav.example.com/{user}/).
import type { Account, AccountProvider, UserCredentials } from '../gateway/ports/backend.ts';
import type { BackendLogins } from '../gateway/ports/credentials.ts';
import { StoreError } from '../gateway/ports/data-store.ts';

export interface DavLoginOptions {
  /** The configured DAV URL, possibly with `{user}`. */
  davUrl: string;
  logins: BackendLogins;
  /** Makes the DAV account provider for one start URL. */
  provider: (davUrl: string) => AccountProvider;
  /** Per-user providers kept at most (with `{user}`); default 1000. */
  maxProviders?: number;
}

/** An account whose stores cannot be opened: no DAV login is configured for the user. */
function withoutLogin(user: string): Account {
  return {
    open: async () => {
      throw new StoreError('auth', `no DAV login for ${user} (SYNCML_DAV_LOGIN)`);
    },
  };
}

export function davAccountsWithLogins(options: DavLoginOptions): AccountProvider {
  const perUser = options.davUrl.includes('{user}');
  const shared = perUser ? undefined : options.provider(options.davUrl);
  const providers = new Map<string, AccountProvider>();
  const max = options.maxProviders ?? 1000;
  return {
    account(credentials: UserCredentials): Account {
      const login = options.logins.login('dav', credentials);
      if (login === undefined) return withoutLogin(credentials.user);
      if (shared !== undefined) return shared.account(login);
      const url = options.davUrl.replaceAll('{user}', encodeURIComponent(credentials.user));
      let provider = providers.get(url);
      if (provider === undefined) {
        provider = options.provider(url);
        providers.set(url, provider);
        // Oldest first out: a Map keeps insertion order.
        if (providers.size > max) providers.delete(providers.keys().next().value as string);
      }
      return provider.account(login);
    },
  };
}
