import type { Lookup } from "../core/lookup-types.ts";
import { readsLikeClaim } from "../core/claim-like.ts";
import type { ChatSettings, IncomingMessage } from "./types.ts";

/** Sliding window of the rate limits (milliseconds). */
export const RATE_WINDOW_MS = 60_000;
/** With `sensitivity: strict`, a group match must also score at least this (calibrated probability). */
export const STRICT_MIN_SCORE = 0.9;
export { MIN_CONTENT_WORDS } from "../core/claim-like.ts";

/** Rate limits of acting in groups. Telegram allows about 20 messages per minute in one group. */
export interface RateLimits {
  perChatPerMinute: number;
  globalPerMinute: number;
  /** Decisions allowed to wait for a free slot; beyond this the bot stays silent (`queue-full`). */
  queueMax: number;
}
export const DEFAULT_RATE_LIMITS: RateLimits = { perChatPerMinute: 20, globalPerMinute: 300, queueMax: 100 };

/** Last time (Unix ms) the bot acted on a fact-check in a chat, keyed by `cooldownKey`. */
export type CooldownState = ReadonlyMap<string, number>;

/** Times (Unix ms, ascending; future = reserved for a queued decision) of acts in the current window. */
export interface RateState {
  perChat: ReadonlyMap<string, readonly number[]>;
  global: readonly number[];
  /** Decisions waiting for a slot right now. */
  queued: number;
}

export interface PolicyInput {
  message: IncomingMessage;
  /** The group-mode lookup; undefined when the message was not looked up (screened out before any search). */
  lookup: Lookup | undefined;
  settings: ChatSettings;
  cooldown: CooldownState;
  rate: RateState;
  /** Unix ms. */
  now: number;
  limits?: RateLimits;
}

/** The policy's verdict. `act` carries what to do; `delayMs > 0` means wait for a rate-limit slot (queued). */
export type PolicyResult =
  | { act: false; why: SilentReason }
  | {
      act: true;
      kind: ChatSettings["action"];
      factCheckId: string;
      logChatId?: string;
      delayMs: number;
      /** Whether the act counts against the rate limits (sending something does; `log-only` does not). */
      rated: boolean;
    };

export type SilentReason =
  | "own-message"
  | "bot-message"
  | "auto-check-off"
  | "not-screenable"
  | "not-looked-up"
  | "no-match"
  | "below-strict-threshold"
  | "cooldown"
  | "no-log-chat"
  | "queue-full";

/** Chat key used by cooldown and rate state. */
export function chatKey(message: Pick<IncomingMessage, "chat">): string {
  return `${message.chat.platform}:${message.chat.id}`;
}

/** Cooldown key of a fact-check in a chat. */
export function cooldownKey(chat: string, factCheckId: string): string {
  return `${chat}|${factCheckId}`;
}

const HAS_URL = /\bhttps?:\/\/\S/i;

/**
 * Cheap pre-filter run before any search: a message with a link (a link can match a fact-check's appearances), or one
 * whose words read like a claim (`readsLikeClaim`, src/core/claim-like.ts, with the chat's `minLength`). Pure and
 * fast: the bench measures it.
 */
export function isScreenable(text: string, settings: Pick<ChatSettings, "minLength">): boolean {
  return HAS_URL.test(text) || readsLikeClaim(text, settings.minLength);
}

/** The part of the policy decidable before a lookup: when it says no, do not search. */
export function screenGroupMessage(message: IncomingMessage, settings: ChatSettings): SilentReason | null {
  if (message.fromSelf) return "own-message";
  if (message.sender.isBot) return "bot-message";
  if (!settings.autoCheck) return "auto-check-off";
  if (!isScreenable(message.post.text, settings)) return "not-screenable";
  return null;
}

function nextSlot(times: readonly number[], limit: number, now: number): number {
  const recent = times.filter((t) => t > now - RATE_WINDOW_MS);
  if (recent.length < limit) return now;
  return Math.max(now, recent[recent.length - limit]! + RATE_WINDOW_MS);
}

/**
 * The group moderation policy, one pure function: silent unless a group-mode `match` (strict sensitivity also needs
 * `STRICT_MIN_SCORE`); never on the bot's own or other bots' messages; not when auto-check is off or the message is
 * chit-chat; the same fact-check not again in the chat within the cooldown; per-chat and global rate limits, with
 * at most `queueMax` decisions waiting for a slot.
 */
export function decideGroup(input: PolicyInput): PolicyResult {
  const { message, lookup, settings, now } = input;
  const limits = input.limits ?? DEFAULT_RATE_LIMITS;
  const screened = screenGroupMessage(message, settings);
  if (screened) return { act: false, why: screened };
  if (!lookup) return { act: false, why: "not-looked-up" };
  if (lookup.outcome !== "match" || lookup.mode !== "group") return { act: false, why: "no-match" };
  const top = lookup.matches[0];
  if (!top) return { act: false, why: "no-match" };
  if (settings.sensitivity === "strict" && top.score < STRICT_MIN_SCORE) {
    return { act: false, why: "below-strict-threshold" };
  }
  const chat = chatKey(message);
  const factCheckId = top.factCheck.id;
  const last = input.cooldown.get(cooldownKey(chat, factCheckId));
  if (last !== undefined && now - last < settings.cooldownMinutes * 60_000) return { act: false, why: "cooldown" };
  if (settings.action === "alert" && !settings.logChatId) return { act: false, why: "no-log-chat" };
  if (settings.action === "log-only") return { act: true, kind: "log-only", factCheckId, delayMs: 0, rated: false };
  const slot = Math.max(
    nextSlot(input.rate.perChat.get(chat) ?? [], limits.perChatPerMinute, now),
    nextSlot(input.rate.global, limits.globalPerMinute, now),
  );
  const delayMs = slot - now;
  if (delayMs > 0 && input.rate.queued >= limits.queueMax) return { act: false, why: "queue-full" };
  const result: PolicyResult = { act: true, kind: settings.action, factCheckId, delayMs, rated: true };
  if (settings.action === "alert" && settings.logChatId) result.logChatId = settings.logChatId;
  return result;
}
