import type { Locale } from "../../core/reply-types.ts";
import { makeRoom } from "../../core/lru.ts";
import type { Reply } from "../../core/reply-types.ts";

/** How long a group's visibility (is the bot admin?) is trusted before asking again. */
export const VISIBILITY_CACHE_MS = 10 * 60_000;
/** Groups whose visibility is kept; beyond it expired entries are dropped (then all, if none had expired). */
export const VISIBILITY_CACHE_MAX = 10_000;

/** Calls `getChatMember` and returns the member's status (`creator`, `administrator`, `member`, `left`, ...). */
export type MemberStatusFn = (chatId: string, userId: number) => Promise<string>;

/**
 * Whether the bot sees ordinary group messages. With privacy mode on (BotFather's default) a bot only receives
 * commands, replies to it and mentions, unless it is an administrator of the group; `getMe` tells the privacy mode
 * (`can_read_all_group_messages`), `getChatMember` the bot's rights.
 */
export class GroupVisibility {
  private readonly cache = new Map<string, { seesAll: boolean; at: number }>();

  constructor(
    private readonly bot: { id: number; canReadAllGroupMessages: boolean },
    private readonly memberStatus: MemberStatusFn,
    private readonly ttlMs: number = VISIBILITY_CACHE_MS,
  ) {}

  /** True when the bot receives every message of the group. Unknown (API failure) counts as true: no false alarm. */
  async seesAllMessages(chatId: string): Promise<boolean> {
    if (this.bot.canReadAllGroupMessages) return true;
    const cached = this.cache.get(chatId);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.seesAll;
    let seesAll = true;
    try {
      const status = await this.memberStatus(chatId, this.bot.id);
      seesAll = status === "administrator" || status === "creator";
    } catch {
      return true;
    }
    const now = Date.now();
    makeRoom(this.cache, VISIBILITY_CACHE_MAX, (entry) => now - entry.at >= this.ttlMs);
    this.cache.set(chatId, { seesAll, at: now });
    return seesAll;
  }

  /** Groups in the cache (tests). */
  get cached(): number {
    return this.cache.size;
  }

  /** Forget what is known of a chat (the bot's membership changed). */
  forget(chatId: string): void {
    this.cache.delete(chatId);
  }
}

/**
 * What privacy mode means, for group admins. Telegram-specific, so it lives in the adapter rather than in the
 * runtime's i18n table.
 */
const PRIVACY_NOTICE: Record<Locale, { title: string; text: string }> = {
  en: {
    title: "I cannot see this group's messages yet",
    text:
      "Telegram's privacy mode is on for this bot, so I only receive commands, replies to me and mentions. " +
      "To let auto-check screen ordinary messages, make me an administrator of this group (no rights are needed), " +
      "or turn privacy mode off in @BotFather (/setprivacy → Disable) and add me again. " +
      "Until then /check still works: send it as a reply to a message.",
  },
  ko: {
    title: "아직 이 그룹의 메시지를 볼 수 없습니다",
    text:
      "이 봇은 텔레그램 개인정보 보호 모드가 켜져 있어 명령어, 봇에 대한 답장, 멘션만 받습니다. " +
      "자동 확인이 일반 메시지를 검사하게 하려면 저를 이 그룹의 관리자로 지정하거나(권한은 필요 없습니다), " +
      "@BotFather 에서 개인정보 보호 모드를 끄고(/setprivacy → Disable) 다시 추가해 주세요. " +
      "그동안에도 메시지에 답장으로 /check 를 보내면 확인할 수 있습니다.",
  },
};

/** The privacy-mode explanation as a reply. */
export function privacyNotice(locale: Locale): Reply {
  const { title, text } = PRIVACY_NOTICE[locale];
  return { kind: "info", locale, title, text, related: [], actions: [] };
}
