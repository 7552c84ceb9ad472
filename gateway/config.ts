// Configuration from environment variables (SYNCML_*), checked at start with clear errors.
import { z } from 'zod';
import { parseSecurityConfig, type SecurityConfig } from './security-config.ts';

const url = (schemes: string[]) =>
  z
    .string()
    .url()
    .refine((value) => schemes.includes(new URL(value).protocol.replace(/:$/, '')), { message: `must be a ${schemes.join(':// or ')}:// URL` });

const schema = z.object({
  SYNCML_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SYNCML_HOST: z.string().default('127.0.0.1'),
  SYNCML_PATH: z.string().startsWith('/').default('/syncml'),
  SYNCML_IMAP_URL: url(['imap', 'imaps']),
  SYNCML_DAV_URL: url(['http', 'https']),
  SYNCML_SMTP_URL: url(['smtp', 'smtps']).optional(),
  SYNCML_STATE: z.string().min(1).default('./var/state'),
  SYNCML_MAX_BODY: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
  SYNCML_MAX_MSG_SIZE: z.coerce.number().int().min(4096).default(1024 * 1024),
  SYNCML_DEFAULT_CLIENT_MSG_SIZE: z.coerce.number().int().min(2048).default(64 * 1024),
  SYNCML_SESSION_TTL: z.coerce.number().int().min(10).default(900),
  SYNCML_SESSION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits (32 bytes)')
    .optional(),
  SYNCML_TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('false')
    .transform((v) => v === '1' || v === 'true'),
  SYNCML_DAV_MAX_REQUESTS: z.coerce.number().int().min(1).max(1000).default(16),
  SYNCML_DAV_TIMEOUT: z.coerce.number().min(1).max(3600).default(30),
  SYNCML_DAV_QUEUE_WAIT: z.coerce.number().min(1).max(3600).default(120),
  SYNCML_DAV_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  SYNCML_APPLY_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(3),
  SYNCML_MAX_ACTIVE_MESSAGES: z.coerce.number().int().min(1).max(10000).default(32),
  SYNCML_CONFLICT_POLICY: z.enum(['server-wins', 'client-wins', 'newer-wins', 'duplicate']).default('server-wins'),
  SYNCML_BACKUP_FOLDER: z.string().min(1).default('SyncML Backup'),
  SYNCML_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface GatewayConfig {
  port: number;
  host: string;
  path: string;
  imapUrl: string;
  davUrl: string;
  smtpUrl?: string;
  /** A redis:// URL, or a directory for the embedded store. */
  state: string;
  maxBodyBytes: number;
  maxMsgSize: number;
  defaultClientMsgSize: number;
  sessionTtlSeconds: number;
  sessionKey?: Buffer;
  trustProxy: boolean;
  /** DAV requests in flight per server at most, all users together; the rest wait in a FIFO queue. */
  davMaxRequests: number;
  /** Per DAV request, from when it leaves the queue, in ms. */
  davTimeoutMs: number;
  /** Longest wait for a free connection to the DAV server before the request fails as busy. */
  davQueueWaitMs: number;
  /** Retries of a DAV read or conditional write answered 503/429 (Retry-After respected up to 5 s). */
  davRetries: number;
  /** Items of one client Sync command being written to the backend at once. */
  applyConcurrency: number;
  /** SyncML messages decoded and processed at once; the others wait in turn with their bytes only. */
  maxActiveMessages: number;
  conflictPolicy: 'server-wins' | 'client-wins' | 'newer-wins' | 'duplicate';
  backupFolder: string;
  logLevel: string;
  /** Who may sync, authentication, brute-force limits, backend logins, TLS (security-config.ts). */
  security: SecurityConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = schema.safeParse(env);
  const security = parseSecurityConfig(env);
  if (!parsed.success || security.config === undefined) {
    const lines = [
      ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
      ...security.problems,
    ].map((line) => `  ${line}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const config: GatewayConfig = {
    port: e.SYNCML_PORT,
    host: e.SYNCML_HOST,
    path: e.SYNCML_PATH,
    imapUrl: e.SYNCML_IMAP_URL,
    davUrl: e.SYNCML_DAV_URL,
    state: e.SYNCML_STATE,
    maxBodyBytes: e.SYNCML_MAX_BODY,
    maxMsgSize: e.SYNCML_MAX_MSG_SIZE,
    defaultClientMsgSize: e.SYNCML_DEFAULT_CLIENT_MSG_SIZE,
    sessionTtlSeconds: e.SYNCML_SESSION_TTL,
    trustProxy: e.SYNCML_TRUST_PROXY,
    davMaxRequests: e.SYNCML_DAV_MAX_REQUESTS,
    davTimeoutMs: Math.round(e.SYNCML_DAV_TIMEOUT * 1000),
    davQueueWaitMs: Math.round(e.SYNCML_DAV_QUEUE_WAIT * 1000),
    davRetries: e.SYNCML_DAV_RETRIES,
    applyConcurrency: e.SYNCML_APPLY_CONCURRENCY,
    maxActiveMessages: e.SYNCML_MAX_ACTIVE_MESSAGES,
    conflictPolicy: e.SYNCML_CONFLICT_POLICY,
    backupFolder: e.SYNCML_BACKUP_FOLDER,
    logLevel: e.SYNCML_LOG_LEVEL,
    security: security.config,
  };
  if (e.SYNCML_SMTP_URL !== undefined) config.smtpUrl = e.SYNCML_SMTP_URL;
  if (e.SYNCML_SESSION_KEY !== undefined) config.sessionKey = Buffer.from(e.SYNCML_SESSION_KEY, 'hex');
  return config;
}
