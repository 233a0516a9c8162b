import { z } from "zod";
import { infoReply } from "../src/core/render-reply.ts";
import type { Locale } from "../src/core/reply-types.ts";
import { commandPath } from "../src/runtime/command-syntax.ts";
import { defineCommand } from "../src/runtime/command-types.ts";
import type { Platform } from "../src/runtime/types.ts";

/** The privacy statement, also used by `/start`. Keep it true to src/store/* and src/runtime/*. */
export function privacyText(locale: Locale, retentionDays: number, platform: Platform = "telegram"): string {
  const discord = platform === "discord";
  const settings = commandPath(platform, { name: "settings", access: "admin" });
  return locale === "ko"
    ? [
        "보내신 메시지의 글은 저장하지 않습니다. 확인이 끝나면 메모리에서 사라집니다.",
        "이미지는 글을 읽는 동안에만 메모리에 있고 저장하지 않습니다. 같은 이미지를 다시 읽지 않도록, 이미지의 해시와 읽은 글만 잠시 메모리에 둡니다.",
        "제보 버튼을 직접 누른 경우에만 그 글이 팩트체커 대기열에 저장되며, 팩트체크가 나오면 알려 드리기 위해 이 대화방 주소도 함께 저장됩니다.",
        `'도움이 됨/잘못된 결과' 의견과 확산 통계는 팩트체크 번호와 점수, 해시 값만 저장하며 ${retentionDays}일 뒤 삭제됩니다.`,
        discord
          ? `기록과 통계의 사용자·채널 번호는 키가 있는 해시로만 남습니다. 서버 설정(자동 확인 등, ${settings})은 채널별로 저장됩니다.`
          : "기록과 통계의 사용자·대화방 번호는 키가 있는 해시로만 남습니다. 그룹 설정(자동 확인 등)은 대화방별로 저장됩니다.",
      ].join("\n")
    : [
        "The text of your messages is not stored: it is checked in memory and forgotten.",
        "Images are held in memory only while their text is read, and never stored; to avoid reading the same image twice, its hash and the text read are kept in memory for a while.",
        "Only when you press the tip button is that post's text stored in the fact-checkers' tip queue, together with this chat's id so I can tell you when a fact-check appears.",
        `Feedback (helpful / wrong match) and trend counts keep only fact-check ids, scores and hashes, and are deleted after ${retentionDays} days.`,
        discord
          ? `User and channel ids in logs and statistics are keyed hashes. Server settings (auto-check and so on, ${settings}) are stored per channel.`
          : "User and chat ids in logs and statistics are keyed hashes. Group settings (auto-check and so on) are stored per chat.",
      ].join("\n");
}

/** `/privacy`: what is stored, plainly. */
export default defineCommand({
  name: "privacy",
  description: { en: "What the bot stores", ko: "봇이 저장하는 정보" },
  options: z.object({}),
  optionInfo: [],
  access: "anyone",
  scope: "all",
  run(ctx) {
    const title = ctx.locale === "ko" ? "개인정보" : "Privacy";
    return infoReply(ctx.locale, title, privacyText(ctx.locale, ctx.services.retentionDays, ctx.chat.platform));
  },
});
