import type { Verdict } from "./factcheck.ts";

/**
 * Maps a publisher's rating wording (any language) onto the normalised scale. Unknown wordings give `other`; the
 * caller keeps the original as `rating`.
 * STUB: replaced by the real tables (label-maps + shared collections) in the verdicts work.
 */
export function normalizeVerdict(rating: string, _context?: { site?: string; language?: string }): Verdict {
  const r = rating.trim().toLowerCase();
  if (r === "false") return "false";
  if (r === "true") return "true";
  if (r === "misleading") return "misleading";
  return "other";
}
