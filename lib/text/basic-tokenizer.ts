/**
 * Word tokenisation with the semantics of BERT's `BasicTokenizer` (Devlin et al. 2019,
 * google-research/bert `tokenization.py`, uncased models), so that coverage figures against the BERT
 * vocabulary count the same "words" BERT itself would see:
 *
 * 1. clean: drop NUL, U+FFFD and control characters (Unicode Cc/Cf except tab, newline, carriage
 *    return); map every whitespace character (space, tab, newline, CR, Unicode Zs) to a space;
 * 2. put spaces around CJK ideographs (each becomes its own token);
 * 3. split on whitespace; then, per token: lowercase, strip accents (NFD, drop combining marks Mn),
 *    and split on punctuation, each punctuation character becoming a token of its own.
 *    Punctuation is ASCII 33-47, 58-64, 91-96, 123-126 (so `$`, `^`, `` ` `` count) or any Unicode P*.
 *
 * So "Héllo, U.S.A.'s" -> ["hello", ",", "u", ".", "s", ".", "a", ".", "'", "s"].
 *
 * `words()` keeps only tokens that contain a letter or a digit: punctuation tokens are in every
 * vocabulary and would only dilute out-of-vocabulary rates and bag-of-words counts.
 */

const CJK_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x4e00, 0x9fff],
  [0x3400, 0x4dbf],
  [0x20000, 0x2a6df],
  [0x2a700, 0x2b73f],
  [0x2b740, 0x2b81f],
  [0x2b820, 0x2ceaf],
  [0xf900, 0xfaff],
  [0x2f800, 0x2fa1f],
];

const CONTROL = /^[\p{Cc}\p{Cf}]$/u;
const SPACE_SEPARATOR = /^\p{Zs}$/u;
const UNICODE_PUNCT = /^\p{P}$/u;
const COMBINING_MARK = /\p{Mn}/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWhitespace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || SPACE_SEPARATOR.test(ch);
}

function isControl(ch: string): boolean {
  // BERT treats tab/newline/CR as whitespace, not control.
  if (ch === "\t" || ch === "\n" || ch === "\r") return false;
  return CONTROL.test(ch);
}

export function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (
    (cp >= 33 && cp <= 47) ||
    (cp >= 58 && cp <= 64) ||
    (cp >= 91 && cp <= 96) ||
    (cp >= 123 && cp <= 126)
  ) {
    return true;
  }
  return UNICODE_PUNCT.test(ch);
}

function isCjk(cp: number): boolean {
  for (const [lo, hi] of CJK_RANGES) if (cp >= lo && cp <= hi) return true;
  return false;
}

/** Steps 1 and 2: cleaned text with CJK ideographs spaced out. */
function cleanText(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
    if (isWhitespace(ch)) out += " ";
    else if (isCjk(cp)) out += ` ${ch} `;
    else out += ch;
  }
  return out;
}

function stripAccents(token: string): string {
  return token.normalize("NFD").replace(COMBINING_MARK, "");
}

function splitOnPunctuation(token: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const ch of token) {
    if (isPunctuation(ch)) {
      if (current) out.push(current);
      out.push(ch);
      current = "";
    } else {
      current += ch;
    }
  }
  if (current) out.push(current);
  return out;
}

/** BERT BasicTokenizer (uncased): lowercased, accent-stripped tokens, punctuation split off. */
export function basicTokenize(text: string): string[] {
  if (typeof text !== "string") throw new Error(`basicTokenize: text must be a string, got ${typeof text}`);
  const out: string[] = [];
  for (const raw of cleanText(text).split(" ")) {
    if (!raw) continue;
    const token = stripAccents(raw.toLowerCase());
    for (const piece of splitOnPunctuation(token)) {
      // Stripping accents can leave an empty or space-only string (a lone combining mark).
      const trimmed = piece.trim();
      if (trimmed) out.push(...trimmed.split(/\s+/));
    }
  }
  return out;
}

/** True for tokens that carry a word: at least one letter or digit. */
export function isWordToken(token: string): boolean {
  return WORD_CHAR.test(token);
}

/** The word tokens of a text (basicTokenize without punctuation-only tokens). */
export function words(text: string): string[] {
  return basicTokenize(text).filter(isWordToken);
}
