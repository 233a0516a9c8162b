import { z } from "zod";
import { infoReply } from "../src/core/render-reply.ts";
import type { Locale } from "../src/core/reply-types.ts";
import { commandExample, optionSyntax } from "../src/runtime/command-syntax.ts";
import { defineCommand } from "../src/runtime/command-types.ts";
import type { ChatSettings, Platform } from "../src/runtime/types.ts";

/** Longest cooldown an admin can set (minutes): one week. */
export const MAX_COOLDOWN_MINUTES = 7 * 24 * 60;
/** Highest minimum message length (characters). */
export const MAX_MIN_LENGTH_CHARS = 1000;

const ON_OFF: Record<string, boolean> = { on: true, off: false, true: true, false: false, yes: true, no: false, "1": true, "0": false, 켜기: true, 끄기: false };
const onOff = z.preprocess(
  (v) => (typeof v === "string" ? (ON_OFF[v.trim().toLowerCase()] ?? v) : v),
  z.boolean({ error: "expected on or off" }),
);

const WORDS = {
  en: {
    title: "Settings of this chat",
    autoCheck: "Auto-check", sensitivity: "Sensitivity", action: "Action", cooldown: "Cooldown (minutes)",
    logChat: "Log chat", minLength: "Minimum length (characters)", language: "Language",
    ocr: "Read text in images when screening (OCR)", ocrDefault: "off (default in groups: OCR costs CPU; /check on an image always reads it)",
    on: "on", off: "off", unset: "not set", auto: "automatic",
    needLog: "The action 'alert' needs a log chat: {example}.",
    change: "Change with:", minutes: "<minutes>", chatId: "<chat id>", id: "<id>", channel: "#channel",
  },
  ko: {
    title: "이 대화방의 설정",
    autoCheck: "자동 확인", sensitivity: "민감도", action: "동작", cooldown: "재알림 대기(분)",
    logChat: "기록 대화방", minLength: "최소 길이(글자)", language: "언어",
    ocr: "자동 확인 때 이미지 속 글 읽기(OCR)", ocrDefault: "꺼짐 (그룹 기본값: OCR은 CPU를 씁니다. 이미지에 /check 를 쓰면 항상 읽습니다)",
    on: "켜짐", off: "꺼짐", unset: "없음", auto: "자동",
    needLog: "'alert' 동작에는 기록 대화방이 필요합니다: {example}.",
    change: "변경:", minutes: "<분>", chatId: "<대화방 ID>", id: "<ID>", channel: "#채널",
  },
} as const;

/** This command as the syntax helpers see it. */
const SELF = { name: "settings", access: "admin" } as const;

/**
 * How to change the settings, typed the way `platform` takes it: `/settings auto_check on|off, …` on Telegram,
 * `/claimbot settings auto_check:True|False, …` on Discord (booleans are True/False there, the log chat a channel).
 */
export function settingsUsage(platform: Platform, locale: Locale): string {
  const w = WORDS[locale];
  const discord = platform === "discord";
  const [first, ...rest]: (readonly [string, string])[] = [
    ["auto_check", discord ? "True|False" : "on|off"],
    ["sensitivity", "strict|normal"],
    ["action", "reply|react|alert|log-only"],
    ["cooldown", w.minutes],
    ["log_chat", discord ? w.channel : `${w.id}|off`],
    ["min_length", "<n>"],
    ["language", "en|ko|auto"],
    ["ocr", discord ? "True|False" : "on|off"],
  ];
  const others = rest.map(([name, value]) => optionSyntax(platform, name, value));
  return `${w.change} ${commandExample(platform, SELF, first ? [first] : [])}, ${others.join(", ")}.`;
}

function needLogText(platform: Platform, locale: Locale): string {
  const w = WORDS[locale];
  const example = commandExample(platform, SELF, [["log_chat", platform === "discord" ? w.channel : w.chatId]]);
  return w.needLog.replace("{example}", example);
}

/** The settings as text, in `locale`. */
export function describeSettings(s: ChatSettings, locale: Locale): string {
  const w = WORDS[locale];
  return [
    `${w.autoCheck}: ${s.autoCheck ? w.on : w.off}`,
    `${w.sensitivity}: ${s.sensitivity}`,
    `${w.action}: ${s.action}`,
    `${w.cooldown}: ${s.cooldownMinutes}`,
    `${w.logChat}: ${s.logChatId ?? w.unset}`,
    `${w.minLength}: ${s.minLength}`,
    `${w.language}: ${s.language ?? w.auto}`,
    `${w.ocr}: ${s.ocr === undefined ? w.ocrDefault : s.ocr ? w.on : w.off}`,
  ].join("\n");
}

/** `/settings`: group admins turn auto-check on or off and tune it. Without options it shows the settings. */
export default defineCommand({
  name: SELF.name,
  description: { en: "Group moderation settings (admins)", ko: "그룹 자동 확인 설정 (관리자)" },
  options: z.object({
    auto_check: onOff.optional(),
    sensitivity: z.enum(["strict", "normal"]).optional(),
    action: z.enum(["reply", "react", "alert", "log-only"]).optional(),
    cooldown: z.coerce.number().int().min(0).max(MAX_COOLDOWN_MINUTES).optional(),
    log_chat: z.string().trim().min(1).max(100).optional(),
    min_length: z.coerce.number().int().min(0).max(MAX_MIN_LENGTH_CHARS).optional(),
    language: z.enum(["en", "ko", "auto"]).optional(),
    ocr: onOff.optional(),
  }),
  optionInfo: [
    { name: "auto_check", description: { en: "Screen group messages", ko: "그룹 메시지 자동 확인" }, type: "boolean", required: false },
    { name: "sensitivity", description: { en: "strict answers less often", ko: "strict 는 더 확실할 때만 답함" }, type: "string", required: false, choices: ["strict", "normal"] },
    { name: "action", description: { en: "What to do on a match", ko: "일치할 때의 동작" }, type: "string", required: false, choices: ["reply", "react", "alert", "log-only"] },
    { name: "cooldown", description: { en: "Minutes before the same fact-check again", ko: "같은 팩트체크를 다시 보내기까지의 분" }, type: "integer", required: false },
    { name: "log_chat", description: { en: "Moderators' log chat id (off to clear)", ko: "관리자 기록 대화방 ID (off 로 해제)" }, type: "string", required: false },
    { name: "min_length", description: { en: "Shorter messages are not screened", ko: "이보다 짧은 메시지는 확인하지 않음" }, type: "integer", required: false },
    { name: "language", description: { en: "Reply language", ko: "답변 언어" }, type: "string", required: false, choices: ["en", "ko", "auto"] },
    { name: "ocr", description: { en: "Read text in images when screening (uses CPU)", ko: "자동 확인 때 이미지 속 글 읽기 (CPU 사용)" }, type: "boolean", required: false },
  ],
  access: SELF.access,
  scope: "group",
  async run(ctx) {
    const o = ctx.options;
    const { services, chat } = ctx;
    const patch: Partial<ChatSettings> = {};
    if (o.auto_check !== undefined) patch.autoCheck = o.auto_check;
    if (o.sensitivity) patch.sensitivity = o.sensitivity;
    if (o.action) patch.action = o.action;
    if (o.cooldown !== undefined) patch.cooldownMinutes = o.cooldown;
    if (o.min_length !== undefined) patch.minLength = o.min_length;
    if (o.language && o.language !== "auto") patch.language = o.language;
    if (o.ocr !== undefined) patch.ocr = o.ocr;
    if (o.log_chat && o.log_chat.toLowerCase() !== "off") patch.logChatId = o.log_chat;
    const current = await services.getSettings(chat);
    const w = WORDS[ctx.locale];
    const clearLog = o.log_chat?.toLowerCase() === "off";
    const nextLog = clearLog ? undefined : (patch.logChatId ?? current.logChatId);
    if ((patch.action ?? current.action) === "alert" && !nextLog) return infoReply(ctx.locale, w.title, needLogText(chat.platform, ctx.locale), "error");
    if (clearLog) await services.clearSetting(chat, "logChatId");
    if (o.language === "auto") await services.clearSetting(chat, "language");
    const next = Object.keys(patch).length > 0 ? await services.updateSettings(chat, patch) : await services.getSettings(chat);
    return infoReply(ctx.locale, w.title, `${describeSettings(next, ctx.locale)}\n\n${settingsUsage(chat.platform, ctx.locale)}`);
  },
});
