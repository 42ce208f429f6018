/**
 * Neutralising strings that came from AWS before they reach a report: HTML,
 * Markdown, CSV and plain text each have their own rules.
 *
 * @module
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values. */
const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);

/** Replaces control characters (newlines included) with spaces, so one value stays on one line. */
const oneLine = (value: unknown): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
  String(value).replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');

/** Shortens to `max` characters with an ellipsis. */
const truncate = (value: string, max: number): string =>
  value.length <= max ? value : `${value.slice(0, Math.max(0, max - 1))}…`;

/** Spreadsheet formula prefixes (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Quotes one CSV field and defuses formula injection by prefixing `'` to a
 * value a spreadsheet would evaluate.
 */
const csvField = (value: unknown): string => {
  let text = oneLine(value ?? '');
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
};

/**
 * Makes text inert in Markdown: HTML-escapes it, backslash-escapes Markdown
 * syntax (so table cells cannot be split and links cannot be forged) and
 * defuses formula prefixes for readers who paste tables into a spreadsheet.
 */
const escapeMarkdown = (value: unknown): string => {
  let text = oneLine(value ?? '');
  if (FORMULA_START.test(text)) text = `'${text}`;
  return escapeHtml(text).replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
};

export { csvField, escapeHtml, escapeMarkdown, oneLine, truncate };
