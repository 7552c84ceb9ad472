// HTTP for DAV over an injectable fetch: Basic auth, Content-Length bodies, timeouts, size limit.
// Own helper rather than tsdav's davRequest: tsdav's response conversion (xml-js with trim and
// string->number/boolean coercion) trims the CRLF that ends every vCard and turns a display name
// like "2024" into a number, and it reports HTTP failures as plain Errors without the status.
import { StoreError } from '../../gateway/ports/data-store.ts';
import type { UserCredentials } from '../../gateway/ports/backend.ts';
import { storeErrorFor, unavailable } from './errors.ts';
import { pathOf } from './href.ts';
import { parseMultistatus, type Multistatus } from './multistatus.ts';
import { propfindBody, type QName } from './xml.ts';
import type { Release, RequestLimiter } from './request-limiter.ts';

/** The part of the Fetch API the adapters use; the global `fetch` fits. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

export interface DavClientOptions {
  credentials: UserCredentials;
  /** Defaults to the global fetch; tests pass a wrapper to count or inspect requests. */
  fetch?: FetchFunction;
  /** Per request, including reading the body, from when it leaves the limiter's queue. Default 30 s. */
  timeoutMs?: number;
  /** Largest response body accepted. Default 64 MiB. */
  maxResponseBytes?: number;
  /** Bounds the requests in flight per server, shared by the clients of all users; none: no bound. */
  limiter?: RequestLimiter;
  /** Retries of a read or conditional write answered 503/429. Default 2. */
  retries?: number;
  /** Longest wait before a retry; a longer Retry-After is not waited for (the 503 stands). Default 5 s. */
  maxRetryWaitMs?: number;
  /** Waits between retries (tests pass one that does not sleep). */
  sleep?: (ms: number) => Promise<void>;
}

export interface DavRequest {
  body?: string;
  contentType?: string;
  depth?: '0' | '1' | 'infinity';
  headers?: Record<string, string>;
}

export interface DavReply {
  /** Final URL (after redirects); hrefs in the body resolve against it. */
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
}

const XML = 'application/xml; charset=utf-8';

export class DavClient {
  readonly #fetch: FetchFunction;
  readonly #authorization: string;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #limiter: RequestLimiter | undefined;
  readonly #retries: number;
  readonly #maxRetryWaitMs: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: DavClientOptions) {
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    const { user, password } = options.credentials;
    this.#authorization = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
    this.#limiter = options.limiter;
    this.#retries = options.retries ?? 2;
    this.#maxRetryWaitMs = options.maxRetryWaitMs ?? 5000;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Sends one request; resolves with any HTTP status, throws StoreError 'unavailable' when there
   * is no answer. A busy server's 503 (or 429) is retried when repeating the request is safe:
   * reads, and writes made conditional with If-Match / If-None-Match (RFC 9110 §9.2.2, §13.1).
   */
  async send(method: string, url: string, request: DavRequest = {}): Promise<DavReply> {
    const retryable = safeToRepeat(method, request.headers);
    for (let attempt = 0; ; attempt++) {
      const reply = await this.#sendOnce(method, url, request);
      if ((reply.status !== 503 && reply.status !== 429) || !retryable || attempt >= this.#retries) return reply;
      const wait = retryDelay(reply.headers.get('retry-after'), attempt);
      if (wait > this.#maxRetryWaitMs) return reply;
      // The slot is free while we wait: others go first, and we queue again at the back.
      await this.#sleep(wait);
    }
  }

  async #sendOnce(method: string, url: string, request: DavRequest): Promise<DavReply> {
    const headers: Record<string, string> = { Authorization: this.#authorization, ...request.headers };
    if (request.depth) headers.Depth = request.depth;
    let body: Uint8Array<ArrayBuffer> | undefined;
    if (request.body !== undefined) {
      // A byte array has a known length, so fetch sends Content-Length and never chunks the body
      // (Radicale answers 400 to chunked request bodies).
      body = new TextEncoder().encode(request.body);
      headers['Content-Type'] = request.contentType ?? XML;
      headers['Content-Length'] = String(body.byteLength);
    }
    const what = `${method} ${pathOf(url)}`;
    // Time waiting for a slot is not the server's: the timeout starts when the request goes out.
    let release: Release | undefined;
    try {
      release = await this.#limiter?.acquire(url);
    } catch (err) {
      throw unavailable(what, err); // waited too long for a free connection: the server is busy
    }
    const signal = AbortSignal.timeout(this.#timeoutMs);
    try {
      // The race also covers an injected fetch that ignores the signal.
      const response = await abortable(this.#fetch(url, { method, headers, body, signal, redirect: 'follow' }), signal);
      const text = await abortable(this.#readBody(response, what), signal);
      return {
        url: response.url || url,
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: text,
      };
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw unavailable(what, err);
    } finally {
      release?.();
    }
  }

  /** PROPFIND `props` at `url`; anything but 207 becomes a StoreError. */
  async propfind(url: string, props: readonly QName[], depth: '0' | '1'): Promise<{ reply: DavReply; multistatus: Multistatus }> {
    const reply = await this.send('PROPFIND', url, { body: propfindBody(props), depth });
    if (reply.status !== 207) throw this.error('PROPFIND', url, reply);
    return { reply, multistatus: this.parse('PROPFIND', url, reply) };
  }

  parse(method: string, url: string, reply: DavReply): Multistatus {
    try {
      return parseMultistatus(reply.body);
    } catch (err) {
      throw new StoreError('unavailable', `${method} ${pathOf(url)}: unreadable multistatus (${(err as Error).message})`, { cause: err });
    }
  }

  error(method: string, url: string, reply: DavReply): StoreError {
    return storeErrorFor(`${method} ${pathOf(url)}`, reply.status, reply.statusText, reply.body);
  }

  async #readBody(response: Response, what: string): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > this.#maxResponseBytes) {
      await response.body?.cancel();
      throw new StoreError('unavailable', `${what}: response of ${declared} bytes exceeds the limit`);
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > this.#maxResponseBytes) {
        await reader.cancel();
        throw new StoreError('unavailable', `${what}: response exceeds ${this.#maxResponseBytes} bytes`);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PROPFIND', 'REPORT']);

function safeToRepeat(method: string, headers: Record<string, string> | undefined): boolean {
  if (readMethods.has(method)) return true;
  if (method !== 'PUT' && method !== 'DELETE') return false;
  return Object.keys(headers ?? {}).some((name) => /^if-(none-)?match$/i.test(name));
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3); without one, 0.25 s, 0.5 s, 1 s... */
function retryDelay(header: string | null, attempt: number): number {
  if (header !== null && header.trim() !== '') {
    const seconds = Number(header.trim());
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return 250 * 2 ** attempt;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
