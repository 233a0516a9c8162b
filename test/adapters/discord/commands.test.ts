import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplicationCommandOptionType, ApplicationCommandType } from "discord.js";
import { ALL_COMMANDS } from "../../../commands/index.ts";
import { buildApplicationCommands } from "../../../src/adapters/discord/commands.ts";
import { registerDiscordCommands } from "../../../src/adapters/discord/register.ts";
import { main } from "../../../src/cli/main.ts";
import { createCommandRegistry } from "../../../src/runtime/command-registry.ts";
import { FakeDiscord } from "./fake-discord.ts";

const infos = createCommandRegistry(ALL_COMMANDS).infos();
const built = buildApplicationCommands(infos) as Array<Record<string, any>>;

describe("application commands from commands/", () => {
  it("/check text:<claim> is localised en-US and ko, with its text required", () => {
    const check = built.find((c) => c.name === "check")!;
    expect(check.type).toBe(ApplicationCommandType.ChatInput);
    expect(check.name_localizations.ko).toBeTruthy();
    expect(check.description_localizations["en-US"]).toBe(check.description);
    expect(check.description_localizations.ko).toMatch(/[가-힣]/);
    expect(check.options[0]).toMatchObject({ name: "text", type: ApplicationCommandOptionType.String, required: true });
  });

  it("/claimbot settings needs Manage Server and exists only in servers", () => {
    const group = built.find((c) => c.name === "claimbot")!;
    expect(group.default_member_permissions).toBe("32");
    expect(group.contexts).toEqual([0]);
    const settings = group.options.find((o: { name: string }) => o.name === "settings");
    expect(settings.type).toBe(ApplicationCommandOptionType.Subcommand);
    const logChat = settings.options.find((o: { name: string }) => o.name === "log_chat");
    expect(logChat.type).toBe(ApplicationCommandOptionType.Channel);
    expect(built.some((c) => c.name === "settings" || c.name === "start")).toBe(false);
  });

  it("has the message context menu 'Check this message'", () => {
    const menu = built.find((c) => c.type === ApplicationCommandType.Message)!;
    expect(menu.name).toBe("Check this message");
    expect(menu.name_localizations.ko).toBe("이 메시지 확인");
  });

  it("respects Discord's name and description rules", () => {
    for (const command of built) {
      if (command.type === ApplicationCommandType.ChatInput) expect(command.name).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
      for (const text of [command.description ?? "", ...Object.values(command.description_localizations ?? {})]) {
        expect(String(text).length).toBeLessThanOrEqual(100);
      }
      const required = (command.options ?? []).map((o: { required?: boolean }) => Boolean(o.required));
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });
});

describe("claimbot register --discord", () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => fake.close());

  it("puts the commands in one guild, asking the application id when DISCORD_APP_ID is unset", async () => {
    const result = await registerDiscordCommands(
      { DISCORD_TOKEN: "t0k3n", DISCORD_APP_ID: undefined, DISCORD_API_ROOT: fake.apiRoot },
      infos,
      { guildId: "300000000000000001" },
    );
    expect(result.applicationId).toBe(fake.appId);
    expect(result.names).toContain("Check this message");
    const put = fake.calls.find((c) => c.method === "PUT")!;
    expect(put.path).toBe(`/api/v10/applications/${fake.appId}/guilds/300000000000000001/commands`);
    expect(put.authorization).toBe("Bot t0k3n");
  });

  it("the CLI registers globally and rejects a bad guild id", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { DISCORD_TOKEN: "t0k3n", DISCORD_APP_ID: "123456789012345678", DISCORD_API_ROOT: fake.apiRoot });
    const write = process.stdout.write.bind(process.stdout);
    let out = "";
    process.stdout.write = ((chunk: string) => {
      out += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await main(["node", "claimbot", "register", "--discord"])).toBe(0);
      expect(await main(["node", "claimbot", "register", "--discord", "--guild", "nope"])).toBe(2);
    } finally {
      process.stdout.write = write;
      process.env = saved;
    }
    expect(out).toMatch(/registered \d+ Discord commands globally: check/);
    expect(out).not.toContain("t0k3n");
    expect(out).toContain("client_id=123456789012345678&scope=bot+applications.commands&permissions=274877992000");
    expect(fake.calls.some((c) => c.method === "PUT" && c.path === "/api/v10/applications/123456789012345678/commands")).toBe(true);
  });
});
