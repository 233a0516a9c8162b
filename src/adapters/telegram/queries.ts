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

async function callQuietly(deps: QueryDeps, method: string, payload: Record<string, unknown>): Promise<void> {
  try {
    await deps.call(method, payload);
  } catch (error) {
    deps.logger.warn("telegram call failed", { method, ...errorFields(error) });
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
