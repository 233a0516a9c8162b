import { z } from "zod";
import { infoReply } from "../src/core/render-reply.ts";
import { defineCommand } from "../src/runtime/command-types.ts";
import { privacyText } from "./privacy.ts";

const INTRO = {
  en: "Hi! Forward me a post or paste a claim, and I will tell you whether a real fact-checker (AFP, PolitiFact, Snopes, Cofacts and others) has already checked it: their verdict in their own words, the date and the link. If nothing is found I say so honestly. In groups, admins can turn on /settings so I flag known hoaxes and stay quiet otherwise. /help lists the commands.",
  ko: "안녕하세요! 게시물을 전달하거나 주장을 붙여 넣으면, 실제 팩트체커(AFP, PolitiFact, Snopes, Cofacts 등)가 이미 검증했는지 알려 드립니다. 그들의 판정 원문, 날짜, 링크를 함께 보여 드리고, 찾지 못하면 솔직하게 말씀드립니다. 그룹에서는 관리자가 /settings 로 자동 확인을 켜면 알려진 허위 정보에만 답하고 나머지는 조용히 있습니다. /help 에서 명령어를 볼 수 있습니다.",
} as const;

/** `/start`: a one-paragraph introduction plus the privacy statement. */
export default defineCommand({
  name: "start",
  description: { en: "Introduction", ko: "소개" },
  options: z.object({}),
  optionInfo: [],
  access: "anyone",
  scope: "dm",
  run(ctx) {
    return infoReply(ctx.locale, "claimbot", `${INTRO[ctx.locale]}\n\n${privacyText(ctx.locale, ctx.services.retentionDays, ctx.chat.platform)}`);
  },
});
