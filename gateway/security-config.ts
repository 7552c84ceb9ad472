// The security part of the configuration (SYNCML_* variables): who may sync, the authentication
// policy and where passwords are checked, brute-force limits, backend logins, TLS. Every
// combination that cannot work is refused at start with one line saying why.
import { z } from 'zod';
import { parseAccessList, type AccessList } from './engine/auth/access.ts';
import type { AnonymousSessionLimits } from './engine/auth/anonymous-sessions.ts';
import type { FailureLimits } from './engine/auth/failure-limits.ts';
import { authPolicies, needsPasswords, type AuthPolicy } from './engine/auth/policy.ts';
import type { EncryptedItemFormat, ItemEncryptionSettings } from './engine/auth.ts';
import { storeKinds, type StoreKind } from './ports/backend.ts';
import type { BackendName } from './ports/credentials.ts';
import type { LoginSetting } from '../adapters/logins/backend-logins.ts';

const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
    .default(fallback)
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const loginMode = z.enum(['same', 'master', 'service', 'file']).default('same');

const schema = z.object({
  SYNCML_ENABLED: flag('true'),
  SYNCML_AUTH_POLICY: z.enum(authPolicies as [AuthPolicy, ...AuthPolicy[]]).default('basic'),
  SYNCML_AUTH_SOURCE: z.enum(['imap', 'file']).default('imap'),
  SYNCML_PASSWORD_FILE: z.string().min(1).optional(),
  SYNCML_AUTH_CONFIRM: z.enum(['none', 'imap']).default('none'),
  SYNCML_ALLOW: z.string().optional(),
  SYNCML_DENY: z.string().optional(),
  SYNCML_AUTH_MAX_FAILURES: count(10),
  SYNCML_AUTH_MAX_FAILURES_PER_ADDRESS: count(50),
  SYNCML_AUTH_FAILURE_WINDOW: z.coerce.number().int().min(1).default(900),
  SYNCML_MAX_ANONYMOUS_SESSIONS: count(1000),
  SYNCML_MAX_ANONYMOUS_SESSIONS_PER_ADDRESS: count(50),
  SYNCML_IMAP_LOGIN: loginMode,
  SYNCML_DAV_LOGIN: loginMode,
  SYNCML_SMTP_LOGIN: loginMode,
  SYNCML_ITEM_ENCRYPTION: z.string().optional(),
  SYNCML_TLS_CERT: z.string().min(1).optional(),
  SYNCML_TLS_KEY: z.string().min(1).optional(),
});

export interface SecurityConfig {
  /** SyncML switched on (SPEC item 1); off: every session gets 403. */
  enabled: boolean;
  authPolicy: AuthPolicy;
  /** Where basic passwords are checked: an IMAP login, or the password file. */
  authSource: 'imap' | 'file';
  /** passwd/htpasswd-style file (required with authSource `file`). */
  passwordFile?: string;
  /** After the file accepted a password, confirm the account with an IMAP login (master user...). */
  authConfirm: 'none' | 'imap';
  allow: AccessList;
  deny: AccessList;
  limits: FailureLimits;
  /** Live sessions nobody has authenticated in yet, in total and per client address (0: no limit). */
  anonymousSessions: AnonymousSessionLimits;
  /** How the gateway logs in to each backend for a user. */
  logins: Record<BackendName, LoginSetting>;
  tls?: { certFile: string; keyFile: string };
  /** Stores whose items are DES/3DES-encrypted between client and gateway (SPEC item 10). */
  itemEncryption: ItemEncryptionSettings;
}

const encryptionNames: Record<string, EncryptedItemFormat> = { des: 'des;b64', '3des': '3des;b64', 'des;b64': 'des;b64', '3des;b64': '3des;b64' };

/** `contacts=des,events=3des`: the store kinds whose items are encrypted, and how. */
function itemEncryption(value: string | undefined, problems: string[]): ItemEncryptionSettings {
  const settings: ItemEncryptionSettings = {};
  for (const entry of (value ?? '').split(',').map((e) => e.trim()).filter((e) => e.length > 0)) {
    const [kind = '', cipher = ''] = entry.split('=').map((p) => p.trim().toLowerCase());
    const format = encryptionNames[cipher];
    if (!(storeKinds as readonly string[]).includes(kind) || format === undefined) {
      problems.push(`SYNCML_ITEM_ENCRYPTION: '${entry}' is not <store>=des or <store>=3des (stores: ${storeKinds.join(', ')})`);
      continue;
    }
    settings[kind as StoreKind] = format;
  }
  return settings;
}

const backends: Array<[BackendName, 'IMAP' | 'DAV' | 'SMTP']> = [
  ['imap', 'IMAP'],
  ['dav', 'DAV'],
  ['smtp', 'SMTP'],
];

function loginSetting(env: NodeJS.ProcessEnv, name: 'IMAP' | 'DAV' | 'SMTP', mode: LoginSetting['mode'], problems: string[]): LoginSetting {
  const variable = (suffix: string): string | undefined => {
    const value = env[`SYNCML_${name}_${suffix}`];
    return value === undefined || value === '' ? undefined : value;
  };
  if (mode === 'master') {
    const masterUser = variable('MASTER_USER');
    const masterPassword = variable('MASTER_PASSWORD');
    if (masterUser === undefined || masterPassword === undefined) {
      problems.push(`SYNCML_${name}_LOGIN: master needs SYNCML_${name}_MASTER_USER and SYNCML_${name}_MASTER_PASSWORD`);
      return { mode: 'same' };
    }
    return { mode, masterUser, masterPassword, separator: variable('MASTER_SEPARATOR') ?? '*' };
  }
  if (mode === 'service' || mode === 'file') {
    const file = variable('LOGIN_FILE');
    if (file === undefined) {
      const format = mode === 'service' ? 'domain:login:password lines' : 'user:password lines';
      problems.push(`SYNCML_${name}_LOGIN: ${mode} needs SYNCML_${name}_LOGIN_FILE (${format})`);
      return { mode: 'same' };
    }
    return { mode, file };
  }
  return { mode: 'same' };
}

function accessList(name: string, text: string | undefined, problems: string[]): AccessList {
  try {
    return parseAccessList(text);
  } catch (error) {
    problems.push(`${name}: ${(error as Error).message}`);
    return { accounts: [], domains: [] };
  }
}

/** Reads the security variables; `problems` lists every one that is wrong (empty when all is well). */
export function parseSecurityConfig(env: NodeJS.ProcessEnv): { config?: SecurityConfig; problems: string[] } {
  const parsed = schema.safeParse(env);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
  const e = parsed.data;
  const problems: string[] = [];
  if (needsPasswords(e.SYNCML_AUTH_POLICY) && e.SYNCML_AUTH_SOURCE !== 'file') {
    problems.push(
      `SYNCML_AUTH_POLICY: ${e.SYNCML_AUTH_POLICY} needs the users' passwords in clear (syncml:auth-md5 recomputes a digest from the password): ` +
        'set SYNCML_AUTH_SOURCE=file and SYNCML_PASSWORD_FILE. When passwords can only be checked by passing them to IMAP, only basic can work',
    );
  }
  if (e.SYNCML_AUTH_SOURCE === 'file' && e.SYNCML_PASSWORD_FILE === undefined) {
    problems.push('SYNCML_AUTH_SOURCE: file needs SYNCML_PASSWORD_FILE (user:password lines)');
  }
  if (e.SYNCML_AUTH_CONFIRM === 'imap' && e.SYNCML_AUTH_SOURCE !== 'file') {
    problems.push('SYNCML_AUTH_CONFIRM: imap only goes with SYNCML_AUTH_SOURCE=file (an IMAP login already checks every password)');
  }
  if (e.SYNCML_IMAP_LOGIN === 'service') {
    problems.push('SYNCML_IMAP_LOGIN: a service account would open its own mailbox; use master (a Dovecot master user) or file');
  }
  if ((e.SYNCML_TLS_CERT === undefined) !== (e.SYNCML_TLS_KEY === undefined)) {
    problems.push('SYNCML_TLS_CERT and SYNCML_TLS_KEY: set both (PEM files) to serve HTTPS, or neither');
  }
  const modes: Record<BackendName, LoginSetting['mode']> = { imap: e.SYNCML_IMAP_LOGIN, dav: e.SYNCML_DAV_LOGIN, smtp: e.SYNCML_SMTP_LOGIN };
  const logins = Object.fromEntries(backends.map(([backend, name]) => [backend, loginSetting(env, name, modes[backend], problems)])) as Record<BackendName, LoginSetting>;
  const config: SecurityConfig = {
    enabled: e.SYNCML_ENABLED,
    authPolicy: e.SYNCML_AUTH_POLICY,
    authSource: e.SYNCML_AUTH_SOURCE,
    authConfirm: e.SYNCML_AUTH_CONFIRM,
    allow: accessList('SYNCML_ALLOW', e.SYNCML_ALLOW, problems),
    deny: accessList('SYNCML_DENY', e.SYNCML_DENY, problems),
    limits: { perAccount: e.SYNCML_AUTH_MAX_FAILURES, perAddress: e.SYNCML_AUTH_MAX_FAILURES_PER_ADDRESS, windowMs: e.SYNCML_AUTH_FAILURE_WINDOW * 1000 },
    anonymousSessions: { total: e.SYNCML_MAX_ANONYMOUS_SESSIONS, perAddress: e.SYNCML_MAX_ANONYMOUS_SESSIONS_PER_ADDRESS },
    logins,
    itemEncryption: itemEncryption(e.SYNCML_ITEM_ENCRYPTION, problems),
  };
  if (e.SYNCML_PASSWORD_FILE !== undefined) config.passwordFile = e.SYNCML_PASSWORD_FILE;
  if (e.SYNCML_TLS_CERT !== undefined && e.SYNCML_TLS_KEY !== undefined) config.tls = { certFile: e.SYNCML_TLS_CERT, keyFile: e.SYNCML_TLS_KEY };
  return problems.length > 0 ? { problems } : { config, problems };
}
