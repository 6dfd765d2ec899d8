/**
 * Where `code` stands in `text` as a value of its own: not inside a longer run of digits or letters
 * (a timestamp, a UUID, a hex digest), which a PIN of 4-8 digits is bound to be found in by chance.
 */
export function occurrencesOf(code: string, text: string): string[] {
  const pattern = new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`, 'g');
  return [...text.matchAll(pattern)].map((m) => text.slice(Math.max(0, m.index - 40), m.index + code.length + 40));
}
