// URL and href handling. Servers percent-encode hrefs differently (Radicale writes '@' as %40
// and accepts both), so paths are compared segment by segment after percent-decoding.

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function segments(url: URL): string[] {
  return url.pathname.split('/').filter((s) => s !== '').map(decodeSegment);
}

/** Resolves an href from a response against the URL the request went to. */
export function resolveHref(base: string, href: string): string {
  return new URL(href, base).href;
}

/** A form of `url` in which "%40" and "@" (and any other encoding variant) compare equal. */
export function canonicalUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}/${segments(parsed).join('/')}`;
}

export function sameResource(a: string, b: string): boolean {
  return canonicalUrl(a) === canonicalUrl(b);
}

/** The percent-decoded last path segment ("u2@x.vcf" for ".../contacts/u2%40x.vcf"). */
export function lastSegment(url: string): string {
  const all = segments(new URL(url));
  return all[all.length - 1] ?? '';
}

/** True when `url` names a direct member of `collectionUrl` (not the collection, not deeper). */
export function isMemberOf(collectionUrl: string, url: string): boolean {
  const collection = new URL(collectionUrl);
  const member = new URL(url);
  if (collection.origin !== member.origin) return false;
  const parent = segments(collection);
  const path = segments(member);
  return path.length === parent.length + 1 && parent.every((segment, i) => segment === path[i]);
}

export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** A resource name usable as one path segment: not empty, not "." or "..". */
export function isValidResourceName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && name.length <= 255;
}

/** URL of the member named `name` (percent-encoded) inside `collectionUrl`. */
export function memberUrl(collectionUrl: string, name: string): string {
  if (!isValidResourceName(name)) throw new Error(`invalid resource name ${JSON.stringify(name)}`);
  return new URL(encodeURIComponent(name), withTrailingSlash(collectionUrl)).href;
}

/** Path and query of a URL, for messages (never includes credentials). */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
