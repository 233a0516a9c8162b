import { t } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import type { Lookup, Post } from "../core/lookup-types.ts";
import type { Locale, Reply } from "../core/reply-types.ts";
import { infoReply, toReplyFactCheck } from "../core/render-reply.ts";
import { normalizeText } from "../core/text.ts";
import type { IdHasher } from "../store/hash-key.ts";
import type { RuntimeStores } from "../store/runtime-stores.ts";
import type { Platform } from "./types.ts";

/** Every platform of `Platform`, for validating configured addresses (`telegram:-100…`). */
export const PLATFORMS: readonly Platform[] = ["telegram", "discord", "console", "http"];

/** Parses `platform:chatId` (TRENDS_ALERT_CHAT); undefined when malformed. */
export function parseChatAddress(value: string | undefined): { platform: Platform; chatId: string } | undefined {
  if (!value) return undefined;
  const at = value.indexOf(":");
  const platform = value.slice(0, at) as Platform;
  const chatId = value.slice(at + 1);
  if (at <= 0 || !PLATFORMS.includes(platform) || !chatId) return undefined;
  return { platform, chatId };
}

/**
 * Builds the trend recorder: each answered lookup counts one sighting of its key — the matched fact-check's id, or a
 * keyed hash of the normalised text — per chat hash and day. When a key reaches `threshold` chats in a day, one
 * alert per key and day goes to the outbox for `alertChat`.
 */
export function createTrendRecorder(deps: {
  stores: Pick<RuntimeStores, "trends" | "outbox">;
  hashId: IdHasher;
  alert?: { chat?: string | undefined; threshold: number } | undefined;
  locale: Locale;
  now: () => number;
  logger: Logger;
}): (lookup: Lookup, post: Post, chatHash: string) => void {
  const { stores, logger } = deps;
  const target = parseChatAddress(deps.alert?.chat);
  if (deps.alert?.chat && !target) logger.warn("trends alert chat ignored: expected platform:id");
  return (lookup, post, chatHash) => {
    if (lookup.outcome === "rejected") return;
    const top = lookup.matches[0];
    const text = normalizeText(post.text).toLowerCase();
    const key = top ? `fc:${top.factCheck.id}` : text ? `claim:${deps.hashId(`claim:${text}`)}` : undefined;
    if (!key) return;
    try {
      const totals = stores.trends.record(key, chatHash, deps.now());
      const threshold = deps.alert?.threshold;
      if (!target || !threshold || totals.chats < threshold || !stores.trends.claimAlert(totals.day, key)) return;
      const locale = deps.locale;
      const body = t(locale, "trend.text", { chats: totals.chats, seen: totals.seen, key });
      let reply: Reply = infoReply(locale, t(locale, "trend.title"), body);
      if (top) {
        const primary = toReplyFactCheck(top, locale, new Date(deps.now()));
        const line = `${primary.rating} — ${primary.publisher}: ${primary.claim} ${primary.url}`;
        reply = { ...infoReply(locale, t(locale, "trend.title"), `${body}\n${line}`), primary };
      }
      stores.outbox.add(target.platform, target.chatId, reply, deps.now());
      logger.info("trend alert queued", { chats: totals.chats });
    } catch (error) {
      logger.error("trend record failed", { err: error instanceof Error ? error.name : "unknown" });
    }
  };
}
