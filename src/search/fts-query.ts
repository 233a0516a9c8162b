import { MAX_QUERY_TERMS } from "../core/search-index.ts";
import { indexForm } from "../core/text.ts";

/**
 * Turns user-derived terms into an FTS5 MATCH expression that cannot carry FTS5 syntax.
 *
 * Each term goes through `indexForm` (the same analysis as the indexed text: NFKC, lower case, words; CJK runs become
 * overlapping bigrams), so only letters, digits and marks are left; the result is then wrapped as an FTS5 string
 * with `"` doubled. A term that analyses to several tokens (a CJK word → its bigrams, `covid-19` → `covid 19`)
 * becomes a phrase. Phrases are OR-ed. Operators (`OR`, `NEAR(`, `*`, `-`, `^`, `:`), quotes, markup and emoji in a
 * term are either dropped by the analysis or end up inside a quoted string, where FTS5 treats them as text.
 *
 * Returns the expression and the phrases it holds, or null when nothing searchable is left.
 */
export function buildFtsMatch(terms: readonly string[]): { match: string; phrases: string[] } | null {
  const phrases: string[] = [];
  const seen = new Set<string>();
  for (const term of terms) {
    if (typeof term !== "string" || term.length === 0) continue;
    // A term is one word; 1 kB is far beyond any word and bounds the work on hostile input.
    const phrase = indexForm(term.slice(0, 1024));
    if (!phrase || seen.has(phrase)) continue;
    seen.add(phrase);
    phrases.push(phrase);
    if (phrases.length >= MAX_QUERY_TERMS) break;
  }
  if (phrases.length === 0) return null;
  return { match: phrases.map(quoteFts).join(" OR "), phrases };
}

/** An FTS5 string literal: the text between double quotes, inner quotes doubled. */
export function quoteFts(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
