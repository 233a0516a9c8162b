import type { Localized } from "../core/i18n.ts";
import type { CommandInfo, Platform } from "./types.ts";

/**
 * How a person types a command on each platform. Telegram and the console take `/settings cooldown 30`; Discord
 * registers admin commands as subcommands of one command with named options (`/claimbot settings cooldown:30`) and
 * has no `/start`. The runtime and commands/ word every hint with these helpers; the Discord adapter registers its
 * commands from the same constants, so wording and registration cannot drift apart.
 */

/** On Discord, admin-only commands are subcommands of this command: `/claimbot settings`. */
export const DISCORD_ADMIN_GROUP = "claimbot";
/** Discord's message context-menu command (Apps → …), which checks the message it is used on. */
export const DISCORD_CHECK_MESSAGE_MENU: Localized = { en: "Check this message", ko: "이 메시지 확인" };
/** Commands of commands/ that are not offered on Discord (Telegram's `/start`). */
export const NOT_ON_DISCORD: readonly string[] = ["start"];

/** What the syntax helpers need of a command. */
export type CommandRef = Pick<CommandInfo, "name" | "access">;

/** True when `command` exists on `platform`. */
export function offeredOn(platform: Platform, command: Pick<CommandInfo, "name">): boolean {
  return platform !== "discord" || !NOT_ON_DISCORD.includes(command.name);
}

/** How the command itself is typed: `/settings`, or on Discord `/claimbot settings` for admin commands. */
export function commandPath(platform: Platform, command: CommandRef): string {
  return platform === "discord" && command.access === "admin" ? `/${DISCORD_ADMIN_GROUP} ${command.name}` : `/${command.name}`;
}

/** One option as typed after the command: `cooldown 30`, on Discord `cooldown:30`. */
export function optionSyntax(platform: Platform, name: string, value: string): string {
  return platform === "discord" ? `${name}:${value}` : `${name} ${value}`;
}

/**
 * A full example: the command path followed by options. `positional` drops the option names where the platform
 * allows it (Telegram `/language ko`; Discord always names them: `/language language:ko`).
 */
export function commandExample(
  platform: Platform,
  command: CommandRef,
  options: readonly (readonly [name: string, value: string])[] = [],
  positional = false,
): string {
  const parts = options.map(([name, value]) =>
    positional && platform !== "discord" ? value : optionSyntax(platform, name, value),
  );
  return [commandPath(platform, command), ...parts].join(" ");
}
