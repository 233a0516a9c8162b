import { t, verdictLabel } from "./i18n.ts";
import type { Lookup, ScoredMatch } from "./lookup-types.ts";
import type { Locale, Reply, ReplyAction, ReplyFactCheck } from "./reply-types.ts";

/** Reviews older than this many years are flagged in the reply. */
export const OLD_REVIEW_YEARS = 3;
/** At most this many other fact-checks are listed (`related`). */
export const MAX_RELATED = 3;
/** At most this many matched terms are shown in "why it matched". */
export const MAX_WHY_TERMS = 8;

export interface RenderOptions {
  /** "Now" for the age check; defaults to the current time. */
  now?: Date;
  /** Opaque token the runtime resolves in `recordFeedback`; when set, helpful / wrong actions are added. */
  feedbackToken?: string;
  /** Opaque token the runtime resolves in `submitTip`; when set and the outcome is `none`, a tip action is added. */
  tipToken?: string;
  /** Drop the "why it matched" line (group replies stay short). */
  brief?: boolean;
}

/** Whether a `YYYY-MM-DD` review date lies more than `OLD_REVIEW_YEARS` before `now`. */
export function isOldReview(date: string, now: Date): boolean {
  const reviewed = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(reviewed)) return false;
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() - OLD_REVIEW_YEARS);
  return reviewed < limit.getTime();
}

/** A scored match as the reply shows it. */
export function toReplyFactCheck(match: ScoredMatch, locale: Locale, now: Date): ReplyFactCheck {
  const fc = match.factCheck;
  return {
    id: fc.id,
    rating: fc.rating,
    verdict: fc.verdict,
    verdictLabel: verdictLabel(fc.verdict, locale),
    claim: fc.claim,
    publisher: fc.publisher.name,
    date: fc.reviewDate,
    old: isOldReview(fc.reviewDate, now),
    url: fc.url,
    score: match.score,
    matchedTerms: match.matchedTerms.slice(0, MAX_WHY_TERMS),
    ...(match.differences && match.differences.length > 0 ? { differences: match.differences.map((d) => ({ ...d })) } : {}),
    ...(match.viaTranslation ? { translated: true as const } : {}),
  };
}

/** The opening of a near-miss reply: what the checked claim is about instead of the post's subject. */
function nearMissIntro(fc: ReplyFactCheck, locale: Locale): string | undefined {
  const difference = fc.differences?.[0];
  if (!difference) return undefined;
  // Names read as they are ("about Nancy Pelosi, not Elizabeth Warren"); a thing, an amount or a year is quoted
  // ("about \"gorilla\", not \"cow\"", "about \"22\", not \"30\"").
  const key =
    difference.kind === "polarity"
      ? "reply.nearmiss.polarity"
      : difference.kind === "object" || difference.kind === "quantity" || difference.kind === "date"
        ? "reply.nearmiss.thing"
        : "reply.nearmiss.intro";
  return t(locale, key, { post: difference.post, claim: difference.claim });
}

function factCheckLines(fc: ReplyFactCheck, locale: Locale, brief: boolean): string[] {
  const lines = [
    t(locale, "reply.rating", { rating: fc.rating, verdict: fc.verdictLabel }),
    t(locale, "reply.claim", { claim: fc.claim }),
    t(locale, "reply.publisher", { publisher: fc.publisher, date: fc.date }),
  ];
  if (fc.old) lines.push(t(locale, "reply.old", { years: OLD_REVIEW_YEARS }));
  lines.push(t(locale, "reply.link", { url: fc.url }));
  if (!brief && fc.matchedTerms.length > 0) lines.push(t(locale, "reply.why", { terms: fc.matchedTerms.join(", ") }));
  // Said even in a brief (group) reply: a verdict found through a machine translation deserves that caveat.
  if (fc.translated) lines.push(t(locale, "reply.translated"));
  return lines;
}

function relatedLine(fc: ReplyFactCheck): string {
  return `• ${fc.rating} (${fc.verdictLabel}) — ${fc.publisher}, ${fc.date}: ${fc.claim} ${fc.url}`;
}

function feedbackActions(locale: Locale, token: string | undefined): ReplyAction[] {
  if (!token) return [];
  return [
    { kind: "feedback", value: "helpful", label: t(locale, "action.helpful"), token },
    { kind: "feedback", value: "wrong", label: t(locale, "action.wrong"), token },
  ];
}

/**
 * Turns a lookup into a platform-neutral reply in `locale`: the publisher's rating and the normalised verdict, the
 * claim checked, publisher, date (flagged when old), link, why it matched, up to `MAX_RELATED` other fact-checks;
 * an honest `none`; and for `rejected/search-unavailable` an "index unreachable" text, never a false `none`.
 * Plain text only: adapters escape for their markup.
 */
export function renderReply(lookup: Lookup, locale: Locale, options: RenderOptions = {}): Reply {
  const now = options.now ?? new Date();
  const brief = options.brief ?? false;
  switch (lookup.outcome) {
    case "match": {
      const [first, ...rest] = lookup.matches;
      if (!first) return renderNone(locale, options);
      const primary = toReplyFactCheck(first, locale, now);
      const related = rest.slice(0, MAX_RELATED).map((m) => toReplyFactCheck(m, locale, now));
      const lines = [t(locale, "reply.match.intro"), "", ...factCheckLines(primary, locale, brief)];
      if (related.length > 0) lines.push("", t(locale, "reply.also"), ...related.map(relatedLine));
      return {
        kind: "match",
        locale,
        title: `${primary.rating} — ${primary.publisher}`,
        text: lines.join("\n"),
        primary,
        related,
        actions: [
          { kind: "link", label: t(locale, "action.link"), url: primary.url },
          ...feedbackActions(locale, options.feedbackToken),
        ],
      };
    }
    case "related": {
      const related = lookup.matches.slice(0, MAX_RELATED).map((m) => toReplyFactCheck(m, locale, now));
      if (related.length === 0) return renderNone(locale, options);
      // A near-miss on top (the same frame, another who/where/what) is said to be about something else, so nobody
      // takes its verdict for this post's.
      const nearMiss = nearMissIntro(related[0]!, locale);
      const lines = [nearMiss ?? t(locale, "reply.related.intro"), ...related.map(relatedLine)];
      const actions = feedbackActions(locale, options.feedbackToken);
      // None of them is a fact-check of exactly this post: like `none`, it may be sent as a tip.
      if (options.tipToken) offerTip(lines, actions, locale, options.tipToken, "");
      return {
        kind: "related",
        locale,
        title: t(locale, nearMiss ? "reply.nearmiss.title" : "reply.related.title"),
        text: lines.join("\n"),
        related,
        actions,
      };
    }
    case "none":
      return renderNone(locale, options);
    case "rejected": {
      const unavailable = lookup.reason === "search-unavailable";
      return {
        kind: "rejected",
        locale,
        title: t(locale, unavailable ? "reply.unavailable.title" : "reply.empty.title"),
        text: t(locale, unavailable ? "reply.unavailable.text" : "reply.empty.text"),
        related: [],
        actions: [],
      };
    }
  }
}

/** Adds the tip offer (its line, after `gap` lines, and its button) to a reply's text lines and actions. */
function offerTip(lines: string[], actions: ReplyAction[], locale: Locale, token: string, ...gap: string[]): void {
  lines.push(...gap, t(locale, "reply.none.tip"));
  actions.push({ kind: "tip", label: t(locale, "action.tip"), token });
}

function renderNone(locale: Locale, options: RenderOptions): Reply {
  const lines = [t(locale, "reply.none.text")];
  const actions = feedbackActions(locale, options.feedbackToken);
  if (options.tipToken) offerTip(lines, actions, locale, options.tipToken);
  return { kind: "none", locale, title: t(locale, "reply.none.title"), text: lines.join("\n"), related: [], actions };
}

/** A command's or a notice's plain-text answer. */
export function infoReply(locale: Locale, title: string, text: string, kind: Reply["kind"] = "info"): Reply {
  return { kind, locale, title, text, related: [], actions: [] };
}

/** The short apology an error boundary sends. */
export function errorReply(locale: Locale): Reply {
  return infoReply(locale, t(locale, "reply.error.title"), t(locale, "reply.error.text"), "error");
}
