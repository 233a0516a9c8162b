import { REST, Routes, type RESTPostAPIApplicationCommandsJSONBody } from "discord.js";
import type { Config } from "../../config.ts";
import { ConfigError } from "../../core/errors.ts";
import type { CommandInfo } from "../../runtime/types.ts";
import { buildApplicationCommands } from "./commands.ts";

/** A Discord id (snowflake): 17 to 20 digits. */
export const SNOWFLAKE = /^\d{17,20}$/;

export interface RegisterResult {
  applicationId: string;
  guildId?: string;
  /** The command names Discord now has, in order. */
  names: string[];
}

/**
 * Registers the bot's application commands (bulk overwrite, so removed commands disappear): globally, or in one
 * server when `guildId` is given (visible at once; global changes can take a while to reach every client).
 * The application id is DISCORD_APP_ID, else asked from Discord with the token.
 */
export async function registerDiscordCommands(
  config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_APP_ID" | "DISCORD_API_ROOT">,
  commands: readonly CommandInfo[],
  options: { guildId?: string } = {},
): Promise<RegisterResult> {
  if (!config.DISCORD_TOKEN) throw new ConfigError("registering Discord commands needs DISCORD_TOKEN", ["DISCORD_TOKEN"]);
  if (options.guildId !== undefined && !SNOWFLAKE.test(options.guildId)) {
    throw new ConfigError("--guild must be a server id (17 to 20 digits)", []);
  }
  const rest = new REST({ api: config.DISCORD_API_ROOT }).setToken(config.DISCORD_TOKEN);
  const applicationId = config.DISCORD_APP_ID ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const body: RESTPostAPIApplicationCommandsJSONBody[] = buildApplicationCommands(commands);
  const route = options.guildId
    ? Routes.applicationGuildCommands(applicationId, options.guildId)
    : Routes.applicationCommands(applicationId);
  const answer = (await rest.put(route, { body })) as Array<{ name: string }>;
  const result: RegisterResult = { applicationId, names: answer.map((c) => c.name) };
  if (options.guildId) result.guildId = options.guildId;
  return result;
}
