/**
 * Escaping for text put into HTML outside React (React escapes what it renders; an exported HTML
 * or Markdown file, an e-mail or a `Response` body built by hand does not). The five characters
 * that can end a text node or an attribute value are replaced by entities (OWASP XSS Prevention
 * Cheat Sheet, rule 1 and 2 for quoted attributes).
 */
const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: unknown): string {
  const s = value === null || value === undefined ? "" : String(value);
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A tagged template that escapes every interpolated value: html`<td>${name}</td>`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += escapeHtml(values[i]) + (strings[i + 1] ?? "");
  return out;
}
