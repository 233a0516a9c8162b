import { z } from "zod";
import { infoReply } from "../src/core/render-reply.ts";
import { defineCommand } from "../src/runtime/command-types.ts";

/** Longest text `/check` accepts (characters); longer input is cut, not refused. */
export const CHECK_MAX_TEXT_CHARS = 20_000;

const USAGE = {
  en: "Usage: /check <text of the post>, or send /check as a reply to a message.",
  ko: "사용법: /check <게시물 내용>, 또는 메시지에 답장으로 /check 를 보내세요.",
} as const;

/** `/check <text>`, or `/check` as a reply to a message: a `dm`-mode lookup (a person asked). */
export default defineCommand({
  name: "check",
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
  access: "anyone",
  scope: "all",
  async run(ctx) {
    const typed = ctx.options.text?.trim() ?? "";
    if (typed) {
      return ctx.services.check({ text: typed.slice(0, CHECK_MAX_TEXT_CHARS), locale: ctx.user.locale }, ctx);
    }
    if (ctx.repliedTo && (ctx.repliedTo.text.trim() || (ctx.repliedTo.urls?.length ?? 0) > 0)) {
      return ctx.services.check({ ...ctx.repliedTo, text: ctx.repliedTo.text.slice(0, CHECK_MAX_TEXT_CHARS) }, ctx);
    }
    return infoReply(ctx.locale, "/check", USAGE[ctx.locale]);
  },
});
