const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Where `code` stands in `text` as a value of its own: not inside a longer run of digits or letters
 * (a timestamp, a UUID, a hex digest), which a PIN of 4-8 digits is bound to be found in by chance.
 */
export function occurrencesOf(code: string, text: string): string[] {
  // A UUID's 4-character groups stand between hyphens: one of them is a 4-digit PIN now and then.
  text = text.replace(UUID, (id) => 'u'.repeat(id.length));
  const pattern = new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`, 'g');
  return [...text.matchAll(pattern)].map((m) => text.slice(Math.max(0, m.index - 40), m.index + code.length + 40));
}
