import type { Logger } from "../../core/logger.ts";
import type { ChatRef, Runtime } from "../../runtime/types.ts";
import { decodeCallbackData } from "./callback-data.ts";
import type { ApiCall } from "./delivery.ts";
import { chatKind, toChatRef, toUserRef } from "./normalize.ts";
import { TELEGRAM_INLINE_RESULTS_MAX, renderInlineResults, truncatePlain } from "./render.ts";
import type { TgCallbackQuery, TgInlineQuery } from "./schemas.ts";
import { errorFields } from "./wire.ts";

/** `cache_time` of inline answers, in seconds: fact-checks change slowly, and the same claim is asked often. */
export const INLINE_CACHE_SECONDS = 300;
/** Inline queries shorter than this (characters) get no lookup. */
export const INLINE_MIN_QUERY_CHARS = 3;
/** Longest text of a callback-query answer (Telegram: 200 characters). */
const CALLBACK_ANSWER_LIMIT = 200;

export interface QueryDeps {
  runtime: Runtime;
  logger: Logger;
  call: ApiCall;
}

/** Tries of a query answer when the network or Telegram fails for a moment (a button must stop spinning). */
export const QUERY_ANSWER_ATTEMPTS = 3;
/** First wait before another try (ms), doubled each time, ±25 % jitter; a 429's retry_after is honoured up to 5 s. */
const QUERY_ANSWER_BACKOFF_MS = 250;
const QUERY_ANSWER_MAX_WAIT_MS = 5_000;

/**
 * Answers a query, retrying network errors, 5xx and 429 a few times (answering twice is harmless: Telegram refuses
 * the second); other errors (a query too old, a bad request) are logged, never thrown.
 */
async function callQuietly(deps: QueryDeps, method: string, payload: Record<string, unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.call(method, payload);
      return;
    } catch (error) {
      const { code } = errorFields(error);
      const transient = code === undefined || code === 429 || code >= 500;
      if (!transient || attempt >= QUERY_ANSWER_ATTEMPTS) {
        deps.logger.warn("telegram call failed", { method, attempt, ...errorFields(error) });
        return;
      }
      const retryAfter = (error as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
      const waitMs =
        code === 429 && typeof retryAfter === "number"
          ? Math.min(retryAfter * 1000, QUERY_ANSWER_MAX_WAIT_MS)
          : Math.round(QUERY_ANSWER_BACKOFF_MS * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
      deps.logger.warn("telegram call retry", { method, attempt, waitMs, ...errorFields(error) });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/** A button press: feedback or tip, through the runtime. Always answered, or the user's button keeps spinning. */
export async function handleCallbackQuery(deps: QueryDeps, query: TgCallbackQuery): Promise<void> {
  const action = decodeCallbackData(query.data);
  let text = "";
  try {
    const user = toUserRef(query.from);
    if (action?.kind === "feedback") {
      text = (await deps.runtime.recordFeedback(action.token, action.value, user)).message;
    } else if (action?.kind === "tip") {
      const msgChat = query.message?.chat;
      const kind = msgChat ? chatKind(msgChat) : null;
      const chat: ChatRef =
        msgChat && kind ? toChatRef(msgChat, kind) : { platform: "telegram", id: String(query.from.id), kind: "dm" };
      text = (await deps.runtime.submitTip(action.token, user, chat)).message;
    }
  } finally {
    await callQuietly(deps, "answerCallbackQuery", {
      callback_query_id: query.id,
      ...(text ? { text: truncatePlain(text, CALLBACK_ANSWER_LIMIT) } : {}),
    });
  }
}

/** Inline mode (`@bot <claim>`): up to 5 article results, match first, then related. Always answered. */
export async function handleInlineQuery(deps: QueryDeps, query: TgInlineQuery): Promise<void> {
  const text = query.query.trim();
  let results: Array<Record<string, unknown>> = [];
  try {
    if (text.length >= INLINE_MIN_QUERY_CHARS) {
      const reply = await deps.runtime.inlineLookup(text, toUserRef(query.from), TELEGRAM_INLINE_RESULTS_MAX);
      results = renderInlineResults(reply, TELEGRAM_INLINE_RESULTS_MAX);
    }
  } finally {
    await callQuietly(deps, "answerInlineQuery", {
      inline_query_id: query.id,
      results,
      cache_time: INLINE_CACHE_SECONDS,
      is_personal: false,
    });
  }
}
