import { z } from "zod";
import { infoReply } from "../src/core/render-reply.ts";
import { commandPath, offeredOn } from "../src/runtime/command-syntax.ts";
import { defineCommand } from "../src/runtime/command-types.ts";

const INTRO = {
  en: "Forward or paste a post and I answer with the verdict a real fact-checker gave that claim, with the link.",
  ko: "게시물을 전달하거나 붙여 넣으면, 실제 팩트체커가 그 주장에 내린 판정과 링크를 알려 드립니다.",
} as const;
const ADMIN = { en: "(admins)", ko: "(관리자)" } as const;

/** `/help`: what the bot does and the commands available here. */
export default defineCommand({
  name: "help",
  description: { en: "How to use the bot", ko: "사용 방법" },
  options: z.object({}),
  optionInfo: [],
  access: "anyone",
  scope: "all",
  run(ctx) {
    const lines = [INTRO[ctx.locale], ""];
    for (const command of ctx.services.commands()) {
      if (command.scope !== "all" && command.scope !== ctx.chat.kind) continue;
      if (!offeredOn(ctx.chat.platform, command)) continue;
      const admin = command.access === "admin" ? ` ${ADMIN[ctx.locale]}` : "";
      lines.push(`${commandPath(ctx.chat.platform, command)} — ${command.description[ctx.locale]}${admin}`);
    }
    return infoReply(ctx.locale, "claimbot", lines.join("\n"));
  },
});
