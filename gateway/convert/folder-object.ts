// OMA DS folder objects (application/vnd.omads-folder+xml, Folder Data Object 1.2): a backend
// collection shown to a SyncML 1.2 client as a folder, and the name a client gives a folder.

/** Content type of folder items. */
export const folderType = 'application/vnd.omads-folder+xml';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

function unescapeText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return entities[name.toLowerCase()] ?? whole;
  });
}

/**
 * The folder object of a collection: `<Folder><name>..</name></Folder>`. The object's other
 * elements (created, modified, attributes, role) are optional; collections have no dates we
 * can vouch for, and the roles the spec names (inbox, sent...) are mail folders' roles.
 */
export function writeFolder(name: string): string {
  return `<Folder><name>${escapeText(name)}</name></Folder>`;
}

/** The `name` of a folder object a client sent, or undefined when it has none. */
export function readFolderName(xml: string): string | undefined {
  // Folder objects are a few hundred bytes; anything much larger is not one.
  if (xml.length > 64 * 1024) return undefined;
  const cdata = /<name(?:\s[^>]*)?>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/name>/i.exec(xml);
  if (cdata !== null) return cdata[1]!.trim() || undefined;
  const plain = /<name(?:\s[^>]*)?>([^<]*)<\/name>/i.exec(xml);
  if (plain === null) return undefined;
  return unescapeText(plain[1]!).trim() || undefined;
}
