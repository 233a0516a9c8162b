import type { Logger } from "../../core/logger.ts";
import type { CommandInfo } from "../../runtime/types.ts";
import type { ApiCall } from "./delivery.ts";

/** Telegram's limits on a command menu entry. */
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
const COMMAND_DESCRIPTION_MAX_CHARS = 256;

/** One `setMyCommands` call: a scope, a language (none = the default list) and the commands shown there. */
export interface CommandMenu {
  scope: { type: "all_private_chats" | "all_group_chats" | "all_chat_administrators" };
  language_code?: "ko";
  commands: Array<{ command: string; description: string }>;
}

/**
 * The command menus: private chats get every command meant for them; group members the commands anyone may run;
 * group administrators all group commands (including `/settings`). Each in English (default) and Korean.
 */
export function commandMenus(infos: readonly CommandInfo[]): CommandMenu[] {
  const valid = infos.filter((c) => COMMAND_NAME.test(c.name));
  const scopes: Array<[CommandMenu["scope"]["type"], (c: CommandInfo) => boolean]> = [
    ["all_private_chats", (c) => c.scope !== "group"],
    ["all_group_chats", (c) => c.scope !== "dm" && c.access === "anyone"],
    ["all_chat_administrators", (c) => c.scope !== "dm"],
  ];
  const menus: CommandMenu[] = [];
  for (const [type, include] of scopes) {
    for (const language of ["en", "ko"] as const) {
      const commands = valid.filter(include).map((c) => ({
        command: c.name,
        description: (c.description[language] || c.description.en).slice(0, COMMAND_DESCRIPTION_MAX_CHARS),
      }));
      menus.push({ scope: { type }, ...(language === "ko" ? { language_code: "ko" as const } : {}), commands });
    }
  }
  return menus;
}

/** Sends the command menus with `setMyCommands`. Failures are logged, not thrown: the bot works without a menu. */
export async function registerCommands(call: ApiCall, infos: readonly CommandInfo[], logger: Logger): Promise<number> {
  let registered = 0;
  for (const menu of commandMenus(infos)) {
    try {
      await call("setMyCommands", { ...menu });
      registered++;
    } catch (error) {
      logger.warn("telegram setMyCommands failed", {
        scope: menu.scope.type,
        language: menu.language_code ?? "default",
        error: error instanceof Error ? error.name : typeof error,
      });
    }
  }
  return registered;
}
