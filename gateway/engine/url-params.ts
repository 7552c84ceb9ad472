// The sync URL's parameters (SPEC item 5): `?sync=2,&format=sif`, `?sync=2,#format=sif`,
// case-insensitive names, read from the HTTP URL and from the SyncHdr Target LocURI.
import { isSyncMethod, type SyncMethod } from './sync-methods.ts';

export interface UrlParams {
  sync?: SyncMethod;
  format?: 'get' | 'sif' | 'vob';
  /** `backup` alone gives the default prefix. */
  backup?: string;
  reset?: boolean;
  push?: boolean;
}

export const defaultBackupPrefix = 'backup';

export interface ParsedParams {
  params: UrlParams;
  /** One readable line per parameter that was not understood. */
  problems: string[];
}

/** The raw `name=value` pairs after `?` (and `#`), separators `&` or `#`, with or without a comma before. */
export function rawParams(url: string): Array<[string, string | undefined]> {
  const start = url.search(/[?#]/);
  if (start < 0) return [];
  return url
    .slice(start + 1)
    .split(/[&#?]/)
    .map((part) => part.replace(/,+$/, '').trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      const name = decode(eq < 0 ? part : part.slice(0, eq)).toLowerCase();
      return [name, eq < 0 ? undefined : decode(part.slice(eq + 1))];
    });
}

/** Parses the parameters of several URLs; later ones override earlier ones. */
export function parseUrlParams(...urls: Array<string | undefined>): ParsedParams {
  const params: UrlParams = {};
  const problems: string[] = [];
  for (const url of urls) {
    if (url === undefined) continue;
    for (const [name, value] of rawParams(url)) applyParam(params, problems, name, value);
  }
  return { params, problems };
}

function applyParam(params: UrlParams, problems: string[], name: string, value: string | undefined): void {
  switch (name) {
    case 'sync': {
      const n = Number(value);
      if (value !== undefined && /^\d$/.test(value) && isSyncMethod(n)) params.sync = n;
      else problems.push(`sync=${value ?? ''}: expected a method number 1 to 9`);
      return;
    }
    case 'format': {
      const v = value?.toLowerCase();
      if (v === 'get' || v === 'sif' || v === 'vob') params.format = v;
      else problems.push(`format=${value ?? ''}: expected get, sif or vob`);
      return;
    }
    case 'backup':
      if (value === undefined || value === '') params.backup = defaultBackupPrefix;
      else if (/^[A-Za-z0-9_-]{1,32}$/.test(value)) params.backup = value;
      else problems.push(`backup=${value}: a prefix is 1-32 letters, digits, '-' or '_'`);
      return;
    case 'reset':
    case 'push':
      if (value === undefined || value === '' || value === '1' || value.toLowerCase() === 'true') params[name] = true;
      else problems.push(`${name}=${value}: takes no value`);
      return;
    case 'sid': // our own session parameter in RespURI
    case 'sessionid':
      return;
    default:
      problems.push(`unknown parameter ${name}${value === undefined ? '' : `=${value}`}`);
  }
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
