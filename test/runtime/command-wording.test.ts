import { describe, expect, it } from "vitest";
import { buildApplicationCommands } from "../../src/adapters/discord/commands.ts";
import type { Locale } from "../../src/core/reply-types.ts";
import { commandExample, commandPath, DISCORD_ADMIN_GROUP } from "../../src/runtime/command-syntax.ts";
import type { ChatRef, CommandContext, UserRef } from "../../src/runtime/types.ts";
import { ADMIN, DM, GROUP, makeRuntime, USER } from "./helpers.ts";

const DISCORD_DM: ChatRef = { platform: "discord", id: "d-dm", kind: "dm" };
const DISCORD_CHANNEL: ChatRef = { platform: "discord", id: "c-1", kind: "group", guildId: "g-1" };

const ctx = (chat: ChatRef, user: UserRef = USER, locale: Locale = "en"): CommandContext => ({ chat, user, locale });

describe("command wording per platform", () => {
  it("formats command paths and examples", () => {
    const settings = { name: "settings", access: "admin" } as const;
    const language = { name: "language", access: "anyone" } as const;
    expect(commandPath("telegram", settings)).toBe("/settings");
    expect(commandPath("discord", settings)).toBe(`/${DISCORD_ADMIN_GROUP} settings`);
    expect(commandPath("discord", language)).toBe("/language");
    expect(commandExample("telegram", settings, [["cooldown", "30"]])).toBe("/settings cooldown 30");
    expect(commandExample("discord", settings, [["cooldown", "30"]])).toBe("/claimbot settings cooldown:30");
    expect(commandExample("telegram", language, [["language", "ko"]], true)).toBe("/language ko");
    expect(commandExample("discord", language, [["language", "ko"]], true)).toBe("/language language:ko");
  });

  it("matches what the Discord adapter registers", () => {
    const { runtime } = makeRuntime();
    const registered = buildApplicationCommands(runtime.commands());
    const group = registered.find((c) => c.name === DISCORD_ADMIN_GROUP) as { options?: Array<{ name: string }> };
    expect(group.options?.map((o) => o.name)).toContain("settings");
    expect(registered.some((c) => c.name === "settings" || c.name === "start")).toBe(false);
  });

  it("words /settings the Telegram way in Telegram groups", async () => {
    const { runtime } = makeRuntime();
    const shown = await runtime.runCommand("settings", {}, ctx(GROUP, ADMIN));
    expect(shown.text).toContain("Change with: /settings auto_check on|off, sensitivity strict|normal");
    expect(shown.text).toContain("log_chat <id>|off");
    expect(shown.text).not.toContain("/claimbot");
    const alert = await runtime.runCommand("settings", { args: "action alert" }, ctx(GROUP, ADMIN));
    expect(alert.text).toContain("/settings log_chat <chat id>");
    const refused = await runtime.runCommand("settings", {}, ctx(GROUP, USER));
    expect(refused.text).toBe("Only chat admins can use /settings.");
  });

  it("words /claimbot settings with named options on Discord, in English and Korean", async () => {
    const { runtime } = makeRuntime();
    const shown = await runtime.runCommand("settings", {}, ctx(DISCORD_CHANNEL, ADMIN));
    expect(shown.text).toContain("Change with: /claimbot settings auto_check:True|False, sensitivity:strict|normal");
    expect(shown.text).toContain("log_chat:#channel");
    expect(shown.text).not.toMatch(/(^|\s)\/settings/);
    const alert = await runtime.runCommand("settings", { action: "alert" }, ctx(DISCORD_CHANNEL, ADMIN));
    expect(alert.text).toContain("/claimbot settings log_chat:#channel");
    const refused = await runtime.runCommand("settings", {}, ctx(DISCORD_CHANNEL, USER));
    expect(refused.text).toBe("Only server members with the Manage Server permission can use /claimbot settings.");
    const bad = await runtime.runCommand("settings", { cooldown: "soon" }, ctx(DISCORD_CHANNEL, ADMIN));
    expect(bad.text).toMatch(/^Invalid options for \/claimbot settings: cooldown/);
    const inDm = await runtime.runCommand("settings", {}, ctx(DISCORD_DM, ADMIN));
    expect(inDm.text).toBe("/claimbot settings works only in server channels.");

    const ko = await runtime.runCommand("settings", {}, ctx(DISCORD_CHANNEL, ADMIN, "ko"));
    expect(ko.text).toContain("변경: /claimbot settings auto_check:True|False");
    expect(ko.text).toContain("log_chat:#채널");
    const koRefused = await runtime.runCommand("settings", {}, ctx(DISCORD_CHANNEL, USER, "ko"));
    expect(koRefused.text).toBe("/claimbot settings 명령은 '서버 관리하기' 권한이 있는 멤버만 쓸 수 있습니다.");
    const koTelegram = await runtime.runCommand("settings", {}, ctx(GROUP, ADMIN, "ko"));
    expect(koTelegram.text).toContain("변경: /settings auto_check on|off");
  });

  it("lists Discord's commands in /help: /claimbot settings, no /start", async () => {
    const { runtime } = makeRuntime();
    const discord = (await runtime.runCommand("help", {}, ctx(DISCORD_CHANNEL))).text;
    expect(discord).toContain("/claimbot settings — ");
    expect(discord).not.toMatch(/^\/settings/m);
    const discordDm = (await runtime.runCommand("help", {}, ctx(DISCORD_DM))).text;
    expect(discordDm).not.toContain("/start");
    const telegram = (await runtime.runCommand("help", {}, ctx(GROUP))).text;
    expect(telegram).toMatch(/^\/settings — /m);
    expect((await runtime.runCommand("help", {}, ctx(DM))).text).toMatch(/^\/start — /m);
    const ko = (await runtime.runCommand("help", {}, ctx(DISCORD_CHANNEL, USER, "ko"))).text;
    expect(ko).toContain("/claimbot settings — 그룹 자동 확인 설정 (관리자)");
  });

  it("words /check, /language and /privacy per platform", async () => {
    const { runtime } = makeRuntime();
    expect((await runtime.runCommand("check", {}, ctx(DM))).text).toContain("send /check as a reply");
    const discordCheck = (await runtime.runCommand("check", {}, ctx(DISCORD_DM))).text;
    expect(discordCheck).toContain("/check text:<text of the post>");
    expect(discordCheck).toContain('"Check this message"');
    expect(discordCheck).not.toContain("as a reply");
    expect((await runtime.runCommand("check", {}, ctx(DISCORD_DM, USER, "ko"))).text).toContain("이 메시지 확인");

    expect((await runtime.runCommand("language", {}, ctx(DM))).text).toContain("/language en, /language ko or /language auto");
    expect((await runtime.runCommand("language", {}, ctx(DISCORD_DM))).text).toContain(
      "/language language:en, /language language:ko or /language language:auto",
    );

    expect((await runtime.runCommand("language", { language: "ko" }, ctx(GROUP))).text).toBe("In groups only admins can change the language.");
    expect((await runtime.runCommand("language", { language: "ko" }, ctx(DISCORD_CHANNEL))).text).toBe(
      "In servers only members with the Manage Server permission can change the language.",
    );

    const telegramPrivacy = (await runtime.runCommand("privacy", {}, ctx(DM))).text;
    expect(telegramPrivacy).toContain("Group settings (auto-check and so on) are stored per chat.");
    const discordPrivacy = (await runtime.runCommand("privacy", {}, ctx(DISCORD_CHANNEL))).text;
    expect(discordPrivacy).toContain("/claimbot settings) are stored per channel.");
    expect((await runtime.runCommand("privacy", {}, ctx(DISCORD_DM, USER, "ko"))).text).toContain("채널별로 저장됩니다");
  });
});
