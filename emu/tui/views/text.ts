/** Text for blessed's boxes: its tags escaped, lines cut to a width. */

/** `s` with blessed's tag braces escaped, so that console text shows as it is. */
export function escapeTags(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/** `s` cut to `width` characters, or padded to it. */
export function fit(s: string, width: number): string {
  if (width <= 0) return '';
  return s.length > width ? s.slice(0, width) : s.padEnd(width);
}

/** `s` cut to `width` characters (not padded). */
export function cut(s: string, width: number): string {
  return s.length > width ? s.slice(0, Math.max(0, width)) : s;
}
