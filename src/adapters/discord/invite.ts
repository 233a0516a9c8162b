import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from "discord.js";

/**
 * What the bot needs in a server: read and answer in channels (embeds, replies, threads), react ⚠️, post to the
 * mod-log channel. Decimal: 274877992000.
 */
export const INVITE_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.AddReactions,
]);

/** The OAuth2 URL that adds the bot to a server with scopes `bot` + `applications.commands`. */
export function inviteUrl(applicationId: string): string {
  const url = new URL("https://discord.com/oauth2/authorize");
  url.searchParams.set("client_id", applicationId);
  url.searchParams.set("scope", [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(" "));
  url.searchParams.set("permissions", INVITE_PERMISSIONS.bitfield.toString());
  return url.href;
}
