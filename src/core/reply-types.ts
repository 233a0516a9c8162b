import type { Verdict } from "./factcheck.ts";
import type { Outcome } from "./lookup-types.ts";

/** Locales the bot speaks. Others fall back to English. */
export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];

/** A fact-check as the reply shows it. All strings are plain text: adapters escape them for their markup. */
export interface ReplyFactCheck {
  id: string;
  /** The publisher's own rating, e.g. "Misleading", "Pants on Fire!". */
  rating: string;
  verdict: Verdict;
  /** Localised label of the normalised verdict, e.g. "misleading" / "오해의 소지". */
  verdictLabel: string;
  claim: string;
  publisher: string;
  /** Review date `YYYY-MM-DD`. */
  date: string;
  /** True when the review is older than a few years (the reply warns). */
  old: boolean;
  url: string;
  /** Calibrated match probability 0..1. */
  score: number;
  /** Words that matched, for "why this matched". */
  matchedTerms: string[];
  /** What differs between the post and this fact-check's claim (a similar claim about something else), if anything. */
  differences?: Array<{ kind: string; post: string; claim: string }>;
  /** True when it was matched through an English translation of the post (the reply says so). */
  translated?: true;
}

/** A button or action an adapter may render. */
export type ReplyAction =
  | { kind: "link"; label: string; url: string }
  | { kind: "feedback"; value: "helpful" | "wrong"; label: string; token: string }
  | { kind: "tip"; label: string; token: string };

/**
 * A platform-neutral reply. `text` is a complete plain-text rendering (console, fallback); the structured parts let
 * adapters render their own markup (Telegram HTML, Discord embeds). Adapters escape and enforce length limits.
 */
export interface Reply {
  /** `info` is for command output (help, about, settings, privacy). */
  kind: Outcome | "info" | "error";
  locale: Locale;
  /** One line, e.g. "Misleading — AFP Fact Check". Plain text. */
  title: string;
  /** The whole reply as plain text. */
  text: string;
  primary?: ReplyFactCheck;
  related: ReplyFactCheck[];
  actions: ReplyAction[];
  /** The text read from the post's image(s), shortened, when the lookup was made on it (adapters show it). */
  imageText?: string;
}
