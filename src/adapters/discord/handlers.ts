import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  MessageType,
  type APIButtonComponent,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type Message,
  type MessageContextMenuCommandInteraction,
} from "discord.js";
import { makeRoom } from "../../core/lru.ts";
import { toLocale } from "../../core/i18n.ts";
import type { Logger } from "../../core/logger.ts";
import type { Post } from "../../core/lookup-types.ts";
import { errorReply } from "../../core/render-reply.ts";
import type { Locale, Reply } from "../../core/reply-types.ts";
import type { ChatRef, CommandContext, GroupDecision, Runtime } from "../../runtime/types.ts";
import { CHECK_MESSAGE_COMMAND, routeChatInput } from "./commands.ts";
import { decodeCustomId } from "./custom-id.ts";
import { sendToChannel } from "./deliver.ts";
import { label } from "./labels.ts";
import { textFieldsSafe } from "./log-fields.ts";
import {
  chatOfInteraction,
  chatOfMessage,
  imagesOfMessage,
  incomingFromMessage,
  localeOfInteraction,
  mentionsBot,
  postFromMessage,
  userOfInteraction,
  withoutBotMention,
} from "./normalize.ts";
import { renderDiscord, renderNotice, toRows, type DiscordMessage } from "./render.ts";

export interface DiscordHandlerDeps {
  runtime: Runtime;
  logger: Logger;
  defaultLocale: Locale;
  /** False when the bot runs without the privileged Message Content intent (server messages arrive empty). */
  messageContent: boolean;
}

/** How often a channel is re-checked for "auto-check on without the Message Content intent", in milliseconds. */
export const INTENT_WARNING_INTERVAL_MS = 10 * 60_000;
/** Channels remembered for that warning; beyond it the ones checked over an interval ago are dropped. */
const INTENT_CHECKED_MAX = 10_000;

/** Outcomes whose answer is worth sharing in the channel. */
const SHAREABLE: ReadonlySet<Reply["kind"]> = new Set(["match", "related"]);

/**
 * The Discord event handlers: slash commands, the "Check this message" context menu, buttons, DMs, mentions and
 * server messages (through the runtime's moderation policy). Each event has one error boundary; a failure is
 * logged and answered with a short apology, and never stops the bot.
 */
export function createHandlers(client: Client, deps: DiscordHandlerDeps) {
  const { runtime, logger } = deps;
  /** When each channel was last checked for "auto-check on but no message text" (Unix ms). */
  const intentChecked = new Map<string, number>();

  async function answerError(interaction: Interaction): Promise<void> {
    if (!interaction.isRepliable()) return;
    const body = renderDiscord(errorReply(localeOfInteraction(interaction, deps.defaultLocale)));
    try {
      if (interaction.deferred && !interaction.replied) await interaction.editReply(body);
      else if (interaction.replied) await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
      else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
    } catch (error) {
      logger.warn("discord error answer failed", { error: errorName(error) });
    }
  }

  /**
   * Defers the answer (ephemeral in servers: only the caller sees it) and builds the command context. Lookups may
   * take longer than the 3 s Discord allows for a first answer.
   */
  async function deferCommand(
    interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
    repliedTo?: Post,
  ): Promise<{ inGuild: boolean; ctx: CommandContext }> {
    const inGuild = interaction.inGuild();
    await interaction.deferReply(inGuild ? { flags: MessageFlags.Ephemeral } : {});
    const ctx: CommandContext = {
      chat: chatOfInteraction(interaction),
      user: userOfInteraction(interaction),
      locale: localeOfInteraction(interaction, deps.defaultLocale),
      ...(repliedTo ? { repliedTo } : {}),
    };
    return { inGuild, ctx };
  }

  async function onChatInput(interaction: ChatInputCommandInteraction): Promise<void> {
    const { name, options } = routeChatInput(interaction);
    const { inGuild, ctx } = await deferCommand(interaction);
    const reply = await runtime.runCommand(name, options, ctx);
    const body = renderDiscord(reply, { share: inGuild && SHAREABLE.has(reply.kind) });
    if (name === "settings" && inGuild && !deps.messageContent) body.content = label(ctx.locale, "noMessageContent");
    await interaction.editReply(body);
  }

  async function onCheckMessage(interaction: MessageContextMenuCommandInteraction): Promise<void> {
    const { inGuild, ctx } = await deferCommand(interaction, postFromMessage(interaction.targetMessage, interaction.locale));
    const images = imagesOfMessage(interaction.targetMessage);
    if (images.length > 0) ctx.repliedImages = images;
    const reply = await runtime.runCommand("check", {}, ctx);
    await interaction.editReply(renderDiscord(reply, { share: inGuild && SHAREABLE.has(reply.kind) }));
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const intent = decodeCustomId(interaction.customId);
    if (!intent) return;
    const user = userOfInteraction(interaction);
    if (intent.kind === "share") {
      await shareInChannel(interaction);
      return;
    }
    // Storing may outlast the 3 s Discord allows for a first answer.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result =
      intent.kind === "feedback"
        ? await runtime.recordFeedback(intent.token, intent.value, user)
        : await runtime.submitTip(intent.token, user, chatOfInteraction(interaction));
    await interaction.editReply(renderNotice(result.message));
  }

  /** Re-posts an ephemeral answer publicly, with its link and feedback buttons but without the share button. */
  async function shareInChannel(interaction: ButtonInteraction): Promise<void> {
    const embeds = interaction.message.embeds.map((e) => e.toJSON());
    if (embeds.length === 0) {
      const locale = localeOfInteraction(interaction, deps.defaultLocale);
      await interaction.reply({ ...renderNotice(label(locale, "shareFailed")), flags: MessageFlags.Ephemeral });
      return;
    }
    const buttons: APIButtonComponent[] = [];
    for (const row of interaction.message.components) {
      const json = row.toJSON() as { components?: APIButtonComponent[] };
      for (const component of json.components ?? []) {
        if (component.type !== ComponentType.Button) continue;
        const customId = "custom_id" in component ? component.custom_id : undefined;
        if (customId && decodeCustomId(customId)?.kind === "share") continue;
        if (component.style === ButtonStyle.Premium) continue;
        buttons.push(component);
      }
    }
    await interaction.reply({ embeds, components: toRows(buttons), allowedMentions: { parse: [], repliedUser: false } });
  }

  async function onInteraction(interaction: Interaction): Promise<void> {
    const started = Date.now();
    try {
      if (interaction.isChatInputCommand()) await onChatInput(interaction);
      else if (interaction.isMessageContextMenuCommand() && interaction.commandName === CHECK_MESSAGE_COMMAND) {
        await onCheckMessage(interaction);
      } else if (interaction.isButton()) await onButton(interaction);
      else return;
      logger.info("discord interaction handled", { type: interaction.type, ms: Date.now() - started });
    } catch (error) {
      logger.error("discord interaction failed", { type: interaction.type, error: errorName(error) });
      await answerError(interaction);
    }
  }

  function messageLocale(message: Message): Locale {
    return toLocale(message.guild?.preferredLocale) ?? deps.defaultLocale;
  }

  /** `@bot` in a reply checks the replied-to message; `@bot <text>` checks the text. */
  async function onMention(message: Message<true>, botId: string): Promise<void> {
    let post: Post;
    let images = imagesOfMessage(message);
    if (message.type === MessageType.Reply && message.reference?.messageId) {
      const referenced = await message.fetchReference();
      post = postFromMessage(referenced);
      images = imagesOfMessage(referenced);
    } else {
      const own = postFromMessage(message);
      post = { ...own, text: withoutBotMention(own.text, botId) };
    }
    if (!post.text.trim() && (post.urls?.length ?? 0) === 0 && images.length === 0) return;
    const locale = messageLocale(message);
    const ctx: CommandContext = {
      chat: chatOfMessage(message),
      user: { id: message.author.id, isBot: false },
      locale,
      repliedTo: post,
      ...(images.length > 0 ? { repliedImages: images } : {}),
    };
    const reply = await runtime.runCommand("check", {}, ctx);
    await message.reply(asReply(renderDiscord(reply)));
    logger.info("discord mention answered", { outcome: reply.kind, ...textFieldsSafe(post.text) });
  }

  /** Logs (at most every `INTENT_WARNING_INTERVAL_MS` per channel) that a screened channel's messages are unreadable. */
  async function warnIfScreened(chat: ChatRef, channelId: string): Promise<void> {
    const now = Date.now();
    if (now - (intentChecked.get(channelId) ?? -Infinity) < INTENT_WARNING_INTERVAL_MS) return;
    makeRoom(intentChecked, INTENT_CHECKED_MAX, (at) => now - at >= INTENT_WARNING_INTERVAL_MS);
    intentChecked.set(channelId, now);
    const settings = await runtime.getSettings(chat);
    if (settings.autoCheck) logger.warn("discord auto-check without message content intent", { channel: channelId });
  }

  async function carryOut(decision: GroupDecision, message: Message<true>): Promise<void> {
    switch (decision.kind) {
      case "silent":
      case "log-only":
        return;
      case "reply":
        await message.reply(asReply(renderDiscord(decision.reply)));
        return;
      case "react":
        await message.react(decision.emoji);
        return;
      case "alert":
        await sendToChannel(client, decision.logChatId, { ...renderDiscord(decision.reply), content: message.url });
        return;
    }
  }

  async function onMessage(message: Message): Promise<void> {
    const botId = client.user?.id ?? "";
    if (message.author.id === botId || message.system) return;
    try {
      if (!message.inGuild()) {
        if (message.author.bot) return;
        const incoming = incomingFromMessage(message, botId);
        // A user flooding the bot gets one "slow down", then nothing until the window clears (issue 13).
        const admission = runtime.admitDirect ? await runtime.admitDirect(incoming.chat, incoming.sender) : { kind: "ok" as const };
        if (admission.kind === "throttled") return;
        if (admission.kind === "slow-down") {
          await message.reply(asReply(renderDiscord(admission.reply)));
          return;
        }
        const reply = await runtime.handleDirect(incoming);
        await message.reply(asReply(renderDiscord(reply)));
        logger.info("discord direct answered", { outcome: reply.kind, ...textFieldsSafe(message.content) });
        return;
      }
      if (!message.author.bot && mentionsBot(message, botId)) {
        await onMention(message, botId);
        return;
      }
      const incoming = incomingFromMessage(message, botId);
      if (!deps.messageContent && !incoming.post.text) await warnIfScreened(incoming.chat, message.channelId);
      const decision = await runtime.handleGroup(incoming);
      await carryOut(decision, message);
      logger.info("discord group decision", { decision: decision.kind });
    } catch (error) {
      logger.error("discord message failed", { error: errorName(error) });
      if (!message.inGuild()) {
        await message.reply(asReply(renderDiscord(errorReply(deps.defaultLocale)))).catch(() => undefined);
      }
    }
  }

  return { onInteraction, onMessage };
}

/** A reply that is still sent (without the reference) when the message was deleted meanwhile. */
function asReply(message: DiscordMessage): DiscordMessage & { failIfNotExists: false } {
  return { ...message, failIfNotExists: false };
}

/** A short name of an error for logs (never its message, which may quote user text). */
export function errorName(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const code = error && typeof error === "object" && "code" in error ? (error as { code: unknown }).code : undefined;
  return code === undefined ? name : `${name}:${String(code)}`;
}
