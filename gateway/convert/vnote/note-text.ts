// How a note's title and body relate: the title is the first line, the body the whole text.

/** The first non-empty line of `text`, trimmed; what phones show as a note's title. */
export function firstLine(text: string): string | undefined {
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '');
}

/** Line breaks as `\n`, whatever the sender used. */
export function normaliseBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * The whole text of a note for a client that has no title field (text/plain): the body, with
 * the title put in front when the body does not already start with it.
 */
export function plainTextOf(summary: string | undefined, description: string | undefined): string {
  if (!description) return summary ?? '';
  if (!summary || firstLine(description) === summary.trim()) return description;
  return `${summary}\n${description}`;
}
