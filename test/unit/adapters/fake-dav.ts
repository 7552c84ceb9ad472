// A scripted fetch for DAV unit tests: records each request and answers from a handler.
import type { FetchFunction } from '../../../adapters/dav/request.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The body object fetch was given (to check it has a known length). */
  rawBody: unknown;
}

export type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export function scriptedFetch(handler: Handler): { fetch: FetchFunction; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch: FetchFunction = async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const rawBody = init.body;
    const body = rawBody instanceof Uint8Array ? Buffer.from(rawBody).toString('utf8') : typeof rawBody === 'string' ? rawBody : '';
    const request = { method: init.method ?? 'GET', url, headers, body, rawBody };
    requests.push(request);
    return handler(request);
  };
  return { fetch, requests };
}

export function xml(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/xml; charset=utf-8', ...headers } });
}

export function multistatus(inner: string): Response {
  return xml(207, `<?xml version="1.0"?><multistatus xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">${inner}</multistatus>`);
}

export function member(href: string, etag: string, extra = ''): string {
  return `<response><href>${href}</href><propstat><prop><getetag>${etag}</getetag>${extra}</prop><status>HTTP/1.1 200 OK</status></propstat></response>`;
}

export function gone(href: string): string {
  return `<response><href>${href}</href><status>HTTP/1.1 404 Not Found</status></response>`;
}
