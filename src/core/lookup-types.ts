import type { ClaimDifference } from "./claim-identity.ts";
import type { FactCheck } from "./factcheck.ts";

/** `dm`: a person asked (private chat, command); `group`: the bot screens a group on its own and must be sure. */
export type Mode = "dm" | "group";

/** Where a forwarded post came from, as far as the platform tells. */
export interface ForwardOrigin {
  kind: "user" | "hidden-user" | "chat" | "channel";
  /** Display name of the user, chat or channel, when known. */
  name?: string;
  /** Public link to the original message, when known. */
  url?: string;
  date?: string;
}

/** A post to check, platform-neutral. Adapters build it from an update or event. */
export interface Post {
  /** Text or caption; may be empty when only URLs or media came. */
  text: string;
  /** URLs taken from the platform's entities, in addition to those found in `text`. */
  urls?: string[];
  /** The user's interface locale (BCP-47), used for the reply language. */
  locale?: string;
  /** Language hint from the caller (`--lang`), overrides detection. */
  lang?: string;
  forwardOrigin?: ForwardOrigin;
}

export type Outcome = "match" | "related" | "none" | "rejected";

export type RejectReason =
  /** Nothing checkable was left after cleaning (only emoji, markup, whitespace). */
  | "empty"
  /** The search backend is down; never rendered as "none". */
  | "search-unavailable";

/** A candidate fact-check with the evidence for it. */
export interface ScoredMatch {
  factCheck: FactCheck;
  /** Calibrated probability (0..1) that this fact-check addresses the post's claim. */
  score: number;
  /** The backend's own score of its best query hit, for debugging. */
  backendScore: number;
  /** Words of the post found in the fact-check (for "why it matched"). */
  matchedTerms: string[];
  /** True when a URL of the post is one of the fact-check's appearances or its review URL. */
  urlHit: boolean;
  /**
   * What differs between the post and this fact-check's claim (who, where, what, how many, polarity), when anything
   * does: such a fact-check is about a similar claim, never this post's (never a `match`).
   */
  differences?: ClaimDifference[];
  /** True when this fact-check was matched through the post's English translation (the reply says so). */
  viaTranslation?: true;
  /**
   * Set on the first candidate when the ranker puts it far ahead of the next (`STANDOUT_RANK_GAP`) and the post reads
   * like a claim: in a DM it is shown as a similar claim even when its score is low (decide.ts `standout`).
   */
  standsOut?: true;
}

/** What was searched, for explaining and for eval. */
export interface QueryInfo {
  /** Detected or given language of the post (BCP-47). */
  language: string;
  /** The cleaned text that was analysed (not stored anywhere). */
  cleanedLength: number;
  /** The term lists sent to the index. */
  queries: string[][];
  urls: string[];
  /** Present when the post was also searched and compared in an English translation (`from` → `en`). */
  translation?: { from: string; engine: string };
}

interface LookupBase {
  mode: Mode;
  query: QueryInfo;
  /** Wall time of the lookup in milliseconds. */
  tookMs: number;
}

/**
 * The result of one lookup, a discriminated union on `outcome`.
 * - `match`: `matches[0]` is the fact-check for this post, sure enough for `mode`; the rest are other fact-checks
 *   (other publishers) of the same claim or closely related, at most 3.
 * - `related`: no sure match; `matches` are plausibly related fact-checks (1..3), shown only in `dm` mode.
 * - `none`: nothing relevant; `candidates` still holds the best few for eval and debugging.
 * - `rejected`: the lookup could not be done (`reason`).
 */
export type Lookup =
  | (LookupBase & { outcome: "match"; matches: ScoredMatch[]; candidates: ScoredMatch[] })
  | (LookupBase & { outcome: "related"; matches: ScoredMatch[]; candidates: ScoredMatch[] })
  | (LookupBase & { outcome: "none"; matches: []; candidates: ScoredMatch[] })
  | (LookupBase & { outcome: "rejected"; reason: RejectReason; matches: []; candidates: [] });

export type LookupFn = (post: Post, mode: Mode) => Promise<Lookup>;

/** The `check --json` and `POST /v1/lookup` answer. Keys are stable. */
export interface LookupJson {
  outcome: Outcome;
  matches: Array<{
    id: string;
    claim: string;
    rating: string;
    verdict: string;
    publisher: string;
    url: string;
    date: string;
    language: string;
    score: number;
    /** Present when the fact-check's claim differs from the post: `{kind, post, claim}` per differing slot. */
    differences?: Array<{ kind: string; post: string; claim: string }>;
    /** Present (true) when the match was found through an English translation of the post. */
    translated?: true;
  }>;
  reason?: string;
}
