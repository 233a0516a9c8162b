import { Routes, type Client } from "discord.js";
import type { DiscordMessage } from "./render.ts";

/**
 * Posts a rendered message to a channel by id through REST (works for server channels and DM channels that are not
 * cached). Mentions are never parsed.
 */
export async function sendToChannel(client: Client, channelId: string, message: DiscordMessage): Promise<void> {
  await client.rest.post(Routes.channelMessages(channelId), {
    body: {
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      allowed_mentions: { parse: [] },
    },
  });
}
