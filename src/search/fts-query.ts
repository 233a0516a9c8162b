import { MAX_QUERY_TERMS } from "../core/search-index.ts";
import { cjkBigrams, EN_STOPWORDS, isCjk, tokenize } from "../core/text.ts";

/** A term is one word; this bounds the work a hostile 100 kB "term" can cause, in characters. */
const MAX_TERM_CHARS = 1024;

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z0-9][a-z0-9']*/g;

/**
 * The text the FTS table stores and the query side searches: `indexForm` of src/core/text.ts (NFKC, lower case,
 * apostrophes dropped, CJK runs as bigrams) without English stop-words, which carry no claim and would be the
 * longest posting lists. Pure-ASCII text takes a shortcut with the same result (the common case: 2x faster).
 */
export function ftsForm(text: string): string {
  if (ASCII_ONLY.test(text)) {
    const tokens = text.toLowerCase().match(ASCII_WORD) ?? [];
    for (let i = 0; i < tokens.length; i++) if (tokens[i]!.includes("'")) tokens[i] = tokens[i]!.replace(/'/g, "");
    const kept: string[] = [];
    for (const token of tokens) if (!EN_STOPWORDS.has(token)) kept.push(token);
    return kept.join(" ");
  }
  // Same steps as `indexForm`, with stop-words left out on the way.
  const parts: string[] = [];
  for (const token of tokenize(text)) {
    if (isCjk(token)) {
      for (const gram of cjkBigrams(token)) parts.push(gram);
    } else if (!EN_STOPWORDS.has(token)) {
      parts.push(token);
    }
  }
  return parts.join(" ");
}

/**
 * Analyses user-derived terms into FTS5 phrases: each term through `ftsForm` (so only letters, digits and marks
 * are left, as on the index side), de-duplicated, at most `MAX_QUERY_TERMS`. A term that analyses to several
 * tokens (a CJK word → its bigrams, `covid-19` → `covid 19`) is one phrase. Empty when nothing searchable is left.
 */
export function ftsPhrases(terms: readonly string[]): string[] {
  const phrases: string[] = [];
  const seen = new Set<string>();
  for (const term of terms) {
    if (typeof term !== "string" || term.length === 0) continue;
    const phrase = ftsForm(term.slice(0, MAX_TERM_CHARS));
    if (!phrase || seen.has(phrase)) continue;
    seen.add(phrase);
    phrases.push(phrase);
    if (phrases.length >= MAX_QUERY_TERMS) break;
  }
  return phrases;
}

/**
 * An FTS5 MATCH expression that cannot carry FTS5 syntax: every phrase wrapped as an FTS5 string (`"` doubled),
 * joined with OR. Operators (`OR`, `NEAR(`, `*`, `-`, `^`, `:`), quotes, markup and emoji in a term are either
 * dropped by the analysis or end up inside a quoted string, where FTS5 treats them as text.
 */
export function orMatch(phrases: readonly string[]): string {
  return phrases.map(quoteFts).join(" OR ");
}

/** Compatibility wrapper: phrases and their OR expression, or null when nothing searchable is left. */
export function buildFtsMatch(terms: readonly string[]): { match: string; phrases: string[] } | null {
  const phrases = ftsPhrases(terms);
  return phrases.length ? { match: orMatch(phrases), phrases } : null;
}

/** An FTS5 string literal: the text between double quotes, inner quotes doubled. */
export function quoteFts(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
