import type { Locale, Reply } from "../core/reply-types.ts";
import { infoReply } from "../core/render-reply.ts";

/** Private messages one user may send per window before the bot says "slow down" once and then stays silent. */
export interface DirectFloodLimits {
  perWindow: number;
  /** Window length in milliseconds. */
  windowMs: number;
}
export const DEFAULT_DIRECT_FLOOD_LIMITS: DirectFloodLimits = { perWindow: 20, windowMs: 60_000 };

/** What the runtime says about a private message before any lookup (`Runtime.admitDirect`). */
export type DirectAdmissionResult = { kind: "ok" } | { kind: "slow-down"; reply: Reply } | { kind: "throttled" };

const SLOW_DOWN: Record<Locale, { title: string; text: string }> = {
  en: {
    title: "Slow down",
    text: "You are sending messages faster than I can check them. I will skip your messages for a minute; send the post again after that.",
  },
  ko: {
    title: "천천히 보내 주세요",
    text: "메시지를 확인할 수 있는 속도보다 빨리 보내고 있어요. 1분 동안은 메시지를 건너뜁니다. 잠시 후 다시 보내 주세요.",
  },
};

/** The one notice a flooding user gets. */
export function slowDownReply(locale: Locale): Reply {
  const words = SLOW_DOWN[locale];
  return infoReply(locale, words.title, words.text, "error");
}
