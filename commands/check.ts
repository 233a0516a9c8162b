import { z } from "zod";
import { infoReply } from "../src/core/render-reply.ts";
import type { Locale } from "../src/core/reply-types.ts";
import { commandExample, DISCORD_CHECK_MESSAGE_MENU } from "../src/runtime/command-syntax.ts";
import { defineCommand } from "../src/runtime/command-types.ts";
import type { Platform } from "../src/runtime/types.ts";

/** Longest text `/check` accepts (characters); longer input is cut, not refused. */
export const CHECK_MAX_TEXT_CHARS = 20_000;

const SELF = { name: "check", access: "anyone" } as const;

/** How to use /check on `platform`: Discord has no command replies but a message menu instead. */
export function checkUsage(platform: Platform, locale: Locale): string {
  const example = commandExample(platform, SELF, [["text", locale === "ko" ? "<게시물 내용>" : "<text of the post>"]], true);
  if (platform === "discord") {
    const menu = DISCORD_CHECK_MESSAGE_MENU[locale];
    return locale === "ko"
      ? `사용법: ${example}, 또는 메시지의 앱 메뉴에서 '${menu}'를 고르세요.`
      : `Usage: ${example}, or pick Apps → "${menu}" on a message.`;
  }
  return locale === "ko"
    ? `사용법: ${example}, 또는 메시지에 답장으로 /check 를 보내세요.`
    : `Usage: ${example}, or send /check as a reply to a message.`;
}

/** `/check <text>`, or `/check` as a reply to a message: a `dm`-mode lookup (a person asked). */
export default defineCommand({
  name: SELF.name,
  description: { en: "Check a claim against published fact-checks", ko: "주장을 기존 팩트체크에서 찾아보기" },
  options: z.object({ text: z.string().optional() }),
  optionInfo: [
    {
      name: "text",
      description: { en: "The claim or post to check", ko: "확인할 주장이나 게시물" },
      type: "string",
      required: false,
    },
  ],
  access: SELF.access,
  scope: "all",
  async run(ctx) {
    const typed = ctx.options.text?.trim() ?? "";
    if (typed) {
      return ctx.services.check({ text: typed.slice(0, CHECK_MAX_TEXT_CHARS), locale: ctx.user.locale }, ctx);
    }
    const images = ctx.repliedImages ?? [];
    if (ctx.repliedTo && (ctx.repliedTo.text.trim() || (ctx.repliedTo.urls?.length ?? 0) > 0 || images.length > 0)) {
      return ctx.services.check({ ...ctx.repliedTo, text: ctx.repliedTo.text.slice(0, CHECK_MAX_TEXT_CHARS) }, ctx, images);
    }
    return infoReply(ctx.locale, "/check", checkUsage(ctx.chat.platform, ctx.locale));
  },
});
