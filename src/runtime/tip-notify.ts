import type { FactCheck } from "../core/factcheck.ts";
import { t } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import type { LookupFn, Post } from "../core/lookup-types.ts";
import type { Reply } from "../core/reply-types.ts";
import { renderReply } from "../core/render-reply.ts";
import type { RuntimeStores } from "../store/runtime-stores.ts";

/**
 * Looks every open tip up again; for each whose `match` is one of `newRecords` (any match when the list is empty),
 * marks the tip notified (once) and queues a notification to its sender in the outbox. Returns how many.
 */
export async function notifyMatchingTips(
  deps: { stores: Pick<RuntimeStores, "tips" | "outbox">; lookup: LookupFn; now: () => number; logger: Logger },
  newRecords: readonly FactCheck[],
): Promise<number> {
  const { stores } = deps;
  const fresh = new Set(newRecords.map((r) => r.id));
  let notified = 0;
  for (const tip of stores.tips.open()) {
    const post: Post = { text: tip.text, urls: tip.urls, ...(tip.language ? { lang: tip.language } : {}) };
    const lookup = await deps.lookup(post, "dm");
    const top = lookup.outcome === "match" ? lookup.matches[0] : undefined;
    if (!top || (fresh.size > 0 && !fresh.has(top.factCheck.id))) continue;
    if (!stores.tips.setNotified(tip.id, top.factCheck.id, deps.now())) continue;
    const rendered = renderReply(lookup, tip.locale, { now: new Date(deps.now()) });
    const reply: Reply = {
      ...rendered,
      title: t(tip.locale, "tip.matched.title"),
      text: `${t(tip.locale, "tip.matched.intro")}\n\n${rendered.text}`,
      actions: rendered.actions.filter((a) => a.kind === "link"),
    };
    stores.outbox.add(tip.platform, tip.chatId, reply, deps.now());
    notified++;
  }
  if (notified > 0) deps.logger.info("tip notifications queued", { count: notified });
  return notified;
}
