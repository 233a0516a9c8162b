import type { Locale } from "../../core/reply-types.ts";

/**
 * The few words only the Discord adapter shows (its own button and a Discord-specific notice). Everything else a
 * user reads comes from the runtime (src/core/i18n.ts).
 */
const LABELS = {
  en: {
    share: "Share in channel",
    noMessageContent:
      "Auto-screening needs the Message Content intent, which this bot does not have: enable it in the Discord " +
      "Developer Portal (Bot → Privileged Gateway Intents → Message Content) and restart the bot. Slash commands, " +
      "\"Check this message\", DMs and mentions keep working without it.",
    shareFailed: "This answer can no longer be shared.",
  },
  ko: {
    share: "채널에 공유",
    noMessageContent:
      "자동 확인에는 Message Content 인텐트가 필요하지만 이 봇에는 없습니다. Discord 개발자 포털(Bot → Privileged " +
      "Gateway Intents → Message Content)에서 켜고 봇을 다시 시작하세요. 슬래시 명령, \"이 메시지 확인\", DM, 멘션은 " +
      "그대로 작동합니다.",
    shareFailed: "이 답변은 더 이상 공유할 수 없습니다.",
  },
} as const;

export type DiscordLabel = keyof (typeof LABELS)["en"];

/** A Discord-only label in `locale`. */
export function label(locale: Locale, key: DiscordLabel): string {
  return LABELS[locale][key];
}
