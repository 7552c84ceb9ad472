// Who may sync (SPEC items 1 and 14): SyncML on or off, and allow/deny lists of accounts
// (`alice@example.com`) and domains (`example.org` or `@example.org`). Deny wins; a non-empty
// allow list lets in only what it names.

export interface AccessList {
  accounts: readonly string[];
  domains: readonly string[];
}

export interface AccessRules {
  enabled: boolean;
  allow: AccessList;
  deny: AccessList;
}

export const openAccess: AccessRules = { enabled: true, allow: { accounts: [], domains: [] }, deny: { accounts: [], domains: [] } };

export type AccessDecision = 'allowed' | 'denied' | 'not-allowed';

/** Parses a comma- or space-separated list; throws with the offending entry. */
export function parseAccessList(text: string | undefined): AccessList {
  const accounts: string[] = [];
  const domains: string[] = [];
  for (const raw of (text ?? '').split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry.length === 0) continue;
    const at = entry.lastIndexOf('@');
    const domain = entry.slice(at + 1);
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) {
      throw new Error(`"${raw}" is neither an account (user@domain) nor a domain`);
    }
    if (at > 0) accounts.push(entry);
    else domains.push(domain);
  }
  return { accounts, domains };
}

function listed(list: AccessList, user: string, domain: string): boolean {
  return list.accounts.includes(user) || list.domains.includes(domain);
}

/** Whether `user` (the full e-mail address the client sent) may sync; case does not matter. */
export function accessFor(rules: AccessRules, user: string): AccessDecision {
  const name = user.trim().toLowerCase();
  const domain = name.includes('@') ? name.slice(name.lastIndexOf('@') + 1) : '';
  if (listed(rules.deny, name, domain)) return 'denied';
  const restricted = rules.allow.accounts.length > 0 || rules.allow.domains.length > 0;
  if (restricted && !listed(rules.allow, name, domain)) return 'not-allowed';
  return 'allowed';
}
