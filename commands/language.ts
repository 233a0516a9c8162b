import { z } from "zod";
import { toLocale } from "../src/core/i18n.ts";
import { infoReply } from "../src/core/render-reply.ts";
import type { Locale } from "../src/core/reply-types.ts";
import { commandExample } from "../src/runtime/command-syntax.ts";
import { defineCommand } from "../src/runtime/command-types.ts";
import type { Platform } from "../src/runtime/types.ts";

const WORDS = {
  en: { title: "Language", current: "Replies in this chat: {v}.", auto: "automatic (your app's language, else the post's)", usage: "Change with {en}, {ko} or {auto}.", refused: "In groups only admins can change the language.", refusedDiscord: "In servers only members with the Manage Server permission can change the language." },
  ko: { title: "언어", current: "이 대화방의 답변 언어: {v}.", auto: "자동 (앱 언어, 없으면 게시물 언어)", usage: "변경: {en}, {ko}, {auto}.", refused: "그룹에서는 관리자만 언어를 바꿀 수 있습니다.", refusedDiscord: "서버에서는 '서버 관리하기' 권한이 있는 멤버만 언어를 바꿀 수 있습니다." },
} as const;

const SELF = { name: "language", access: "anyone" } as const;

/** "Change with /language en, …" as `platform` takes it (Discord: `/language language:en`). */
function usage(platform: Platform, locale: Locale): string {
  const example = (value: string) => commandExample(platform, SELF, [["language", value]], true);
  return WORDS[locale].usage.replace(/\{(en|ko|auto)\}/g, (_, value: string) => example(value));
}

/** `/language [en|ko|auto]`: the reply language of this chat (in groups: admins only). */
export default defineCommand({
  name: SELF.name,
  description: { en: "Choose the reply language", ko: "답변 언어 선택" },
  options: z.object({ language: z.enum(["en", "ko", "auto"]).optional() }),
  optionInfo: [
    { name: "language", description: { en: "en, ko or auto", ko: "en, ko 또는 auto" }, type: "string", required: false, choices: ["en", "ko", "auto"] },
  ],
  access: SELF.access,
  scope: "all",
  async run(ctx) {
    const chosen = ctx.options.language;
    if (chosen && ctx.chat.kind === "group" && !ctx.user.isAdmin) {
      const w = WORDS[ctx.locale];
      return infoReply(ctx.locale, w.title, ctx.chat.platform === "discord" ? w.refusedDiscord : w.refused, "error");
    }
    let settings = await ctx.services.getSettings(ctx.chat);
    if (chosen === "auto") settings = await ctx.services.clearSetting(ctx.chat, "language");
    else if (chosen) settings = await ctx.services.updateSettings(ctx.chat, { language: chosen });
    // After "auto" the chat setting is gone: answer in the user's own language, as later replies will be.
    const locale = settings.language ?? toLocale(ctx.user.locale) ?? ctx.locale;
    const w = WORDS[locale];
    return infoReply(locale, w.title, `${w.current.replace("{v}", settings.language ?? w.auto)}\n${usage(ctx.chat.platform, locale)}`);
  },
});
