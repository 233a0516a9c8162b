import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type RESTPostAPIApplicationCommandsJSONBody,
} from "discord.js";
import { DISCORD_ADMIN_GROUP, DISCORD_CHECK_MESSAGE_MENU, offeredOn } from "../../runtime/command-syntax.ts";
import type { CommandInfo, CommandOptionInfo } from "../../runtime/types.ts";
import { COMMAND_DESCRIPTION_LIMIT, COMMAND_OPTION_CHOICES_MAX, truncate } from "./limits.ts";

/** The top-level command that groups admin-only commands: `/claimbot settings …` (the runtime words hints with it). */
export const ADMIN_GROUP_COMMAND = DISCORD_ADMIN_GROUP;
/** Name of the message context-menu command (Discord shows it under Apps). */
export const CHECK_MESSAGE_COMMAND = DISCORD_CHECK_MESSAGE_MENU.en;
/** Korean names of the commands (Discord localises names as well as descriptions). */
const KO_NAMES: Record<string, string> = {
  check: "확인",
  help: "도움말",
  about: "정보",
  settings: "설정",
  language: "언어",
  privacy: "개인정보",
};
/**
 * Options that are required on Discord though optional elsewhere: a slash command cannot be sent as a reply to a
 * message (Telegram's `/check` as a reply), so `/check` needs its text; the context menu covers the reply case.
 */
const REQUIRED_ON_DISCORD: Record<string, readonly string[]> = { check: ["text"] };
/** Discord's longest string option value (characters). */
export const STRING_OPTION_MAX_CHARS = 6000;
/** String options that name a channel are registered as channel pickers (text channels). */
const CHANNEL_OPTION = /(^|_)(log_)?(chat|channel)$/;

const CONTEXTS: Record<CommandInfo["scope"], InteractionContextType[]> = {
  all: [InteractionContextType.Guild, InteractionContextType.BotDM],
  dm: [InteractionContextType.BotDM],
  group: [InteractionContextType.Guild],
};

function descriptions(d: { en: string; ko: string }) {
  return {
    description: truncate(d.en, COMMAND_DESCRIPTION_LIMIT),
    description_localizations: {
      "en-US": truncate(d.en, COMMAND_DESCRIPTION_LIMIT),
      "en-GB": truncate(d.en, COMMAND_DESCRIPTION_LIMIT),
      ko: truncate(d.ko, COMMAND_DESCRIPTION_LIMIT),
    },
  };
}

function nameLocalizations(name: string) {
  const ko = KO_NAMES[name];
  return ko ? { name_localizations: { ko } } : {};
}

function toOption(option: CommandOptionInfo): APIApplicationCommandBasicOption {
  const base = { name: option.name, required: option.required, ...descriptions(option.description) };
  if (option.type === "boolean") return { ...base, type: ApplicationCommandOptionType.Boolean };
  if (option.type === "integer") return { ...base, type: ApplicationCommandOptionType.Integer, min_value: 0 };
  if (CHANNEL_OPTION.test(option.name) && !option.choices) {
    return { ...base, type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildText] };
  }
  const choices = option.choices?.slice(0, COMMAND_OPTION_CHOICES_MAX).map((value) => ({ name: value, value }));
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(choices ? { choices } : { max_length: STRING_OPTION_MAX_CHARS }),
  };
}

function toOptions(command: string, options: readonly CommandOptionInfo[]): APIApplicationCommandBasicOption[] {
  const required = REQUIRED_ON_DISCORD[command] ?? [];
  const adjusted = options.map((o) => (required.includes(o.name) ? { ...o, required: true } : o));
  // Discord wants required options first.
  return adjusted.sort((a, b) => Number(b.required) - Number(a.required)).map(toOption);
}

/**
 * The application commands for Discord, built from the runtime's commands: every `anyone` command at the top level
 * (`/check text:<claim>`, `/help`, …), the admin commands as subcommands of `/claimbot` (default member permission
 * Manage Server, servers only), and the message context menu "Check this message".
 */
export function buildApplicationCommands(commands: readonly CommandInfo[]): RESTPostAPIApplicationCommandsJSONBody[] {
  const usable = commands.filter((c) => offeredOn("discord", c));
  const out: RESTPostAPIApplicationCommandsJSONBody[] = usable
    .filter((c) => c.access === "anyone")
    .map((c) => ({
      type: ApplicationCommandType.ChatInput,
      name: c.name,
      ...nameLocalizations(c.name),
      ...descriptions(c.description),
      options: toOptions(c.name, c.options),
      contexts: CONTEXTS[c.scope],
      integration_types: [ApplicationIntegrationType.GuildInstall],
    }));
  const admin = usable.filter((c) => c.access === "admin");
  if (admin.length > 0) {
    const subcommands: APIApplicationCommandSubcommandOption[] = admin.map((c) => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: c.name,
      ...nameLocalizations(c.name),
      ...descriptions(c.description),
      options: toOptions(c.name, c.options),
    }));
    out.push({
      type: ApplicationCommandType.ChatInput,
      name: ADMIN_GROUP_COMMAND,
      ...descriptions({ en: "Server settings of claimbot (Manage Server)", ko: "claimbot 서버 설정 (서버 관리 권한)" }),
      options: subcommands,
      default_member_permissions: String(PermissionFlagsBits.ManageGuild),
      contexts: [InteractionContextType.Guild],
      integration_types: [ApplicationIntegrationType.GuildInstall],
    });
  }
  out.push({
    type: ApplicationCommandType.Message,
    name: CHECK_MESSAGE_COMMAND,
    name_localizations: { ko: DISCORD_CHECK_MESSAGE_MENU.ko },
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  });
  return out;
}

/** The runtime command a slash command invokes and its raw options (`/claimbot settings x:1` → `settings`, `{x: 1}`). */
export function routeChatInput(interaction: ChatInputCommandInteraction): { name: string; options: Record<string, unknown> } {
  let name = interaction.commandName;
  let data: readonly CommandInteractionOption[] = interaction.options.data;
  const sub = data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (name === ADMIN_GROUP_COMMAND && sub) {
    name = sub.name;
    data = sub.options ?? [];
  }
  const options: Record<string, unknown> = {};
  for (const option of data) {
    if (option.value !== undefined) options[option.name] = option.value;
  }
  return { name, options };
}
