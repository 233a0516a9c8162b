import { CUSTOM_ID_LIMIT } from "./limits.ts";

/** What a button of the bot means. Encoded in the button's `custom_id` (≤ `CUSTOM_ID_LIMIT` characters). */
export type ButtonIntent =
  | { kind: "feedback"; value: "helpful" | "wrong"; token: string }
  | { kind: "tip"; token: string }
  | { kind: "share" };

/** Prefix of every custom id this bot makes, so other components are ignored. */
export const CUSTOM_ID_PREFIX = "cb";

/** `cb:fh:<token>`, `cb:fw:<token>`, `cb:tip:<token>`, `cb:share`; null when it would exceed the limit. */
export function encodeCustomId(intent: ButtonIntent): string | null {
  const id =
    intent.kind === "share"
      ? `${CUSTOM_ID_PREFIX}:share`
      : intent.kind === "tip"
        ? `${CUSTOM_ID_PREFIX}:tip:${intent.token}`
        : `${CUSTOM_ID_PREFIX}:${intent.value === "helpful" ? "fh" : "fw"}:${intent.token}`;
  return id.length <= CUSTOM_ID_LIMIT ? id : null;
}

/** The intent of a custom id, or null when it is not one of ours. */
export function decodeCustomId(customId: string): ButtonIntent | null {
  const [prefix, kind, ...rest] = customId.split(":");
  if (prefix !== CUSTOM_ID_PREFIX) return null;
  const token = rest.join(":");
  if (kind === "share") return { kind: "share" };
  if (!token) return null;
  if (kind === "tip") return { kind: "tip", token };
  if (kind === "fh") return { kind: "feedback", value: "helpful", token };
  if (kind === "fw") return { kind: "feedback", value: "wrong", token };
  return null;
}
