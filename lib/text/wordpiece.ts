/**
 * WordPiece segmentation as in BERT's `WordpieceTokenizer` (Devlin et al. 2019; Wu et al. 2016,
 * "Google's Neural Machine Translation System", section 4.1): greedy longest-match-first.
 * From the start of the word take the longest prefix that is in the vocabulary, then continue from
 * where it ended looking for the longest `##`-prefixed continuation, and so on. If at some point no
 * piece matches, the whole word becomes the unknown token; words longer than `maxCharsPerWord`
 * characters (code points) also become the unknown token without being searched.
 */

export interface WordpieceOptions {
  unknownToken?: string;
  /** BERT uses 100 (`max_input_chars_per_word`). */
  maxCharsPerWord?: number;
}

export function wordpiece(
  word: string,
  vocab: ReadonlySet<string>,
  options: WordpieceOptions = {},
): string[] {
  const unk = options.unknownToken ?? "[UNK]";
  const maxChars = options.maxCharsPerWord ?? 100;
  if (!word) throw new Error("wordpiece: word is empty");
  const chars = Array.from(word);
  if (chars.length > maxChars) return [unk];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let match: string | null = null;
    while (start < end) {
      const sub = (start > 0 ? "##" : "") + chars.slice(start, end).join("");
      if (vocab.has(sub)) {
        match = sub;
        break;
      }
      end -= 1;
    }
    if (match === null) return [unk];
    pieces.push(match);
    start = end;
  }
  return pieces;
}
