/** Telegram's limit on an inline button's `callback_data`, in bytes (UTF-8). */
export const TELEGRAM_CALLBACK_DATA_LIMIT_BYTES = 64;

/** What a button press asks for. Tokens come from the runtime (`ReplyAction.feedback.token`, `.tip.token`). */
export type CallbackAction =
  | { kind: "feedback"; value: "helpful" | "wrong"; token: string }
  | { kind: "tip"; token: string };

/**
 * Encodes a button action as `callback_data`: `f:h:<token>`, `f:w:<token>`, `t:<token>`.
 * Returns `null` when it would not fit in 64 bytes (the button is then left out, never truncated: a cut token
 * would record feedback on the wrong lookup).
 */
export function encodeCallbackData(action: CallbackAction): string | null {
  const data =
    action.kind === "feedback" ? `f:${action.value === "helpful" ? "h" : "w"}:${action.token}` : `t:${action.token}`;
  return Buffer.byteLength(data, "utf8") <= TELEGRAM_CALLBACK_DATA_LIMIT_BYTES ? data : null;
}

/** Decodes `callback_data`; `null` for data this bot did not make (old buttons, other bots' formats). */
export function decodeCallbackData(data: string | undefined): CallbackAction | null {
  if (!data) return null;
  const feedback = /^f:([hw]):(.+)$/.exec(data);
  if (feedback?.[2]) return { kind: "feedback", value: feedback[1] === "h" ? "helpful" : "wrong", token: feedback[2] };
  const tip = /^t:(.+)$/.exec(data);
  if (tip?.[1]) return { kind: "tip", token: tip[1] };
  return null;
}
