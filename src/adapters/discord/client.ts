import {
  ApplicationFlagsBitField,
  Client,
  Events,
  GatewayIntentBits,
  Options,
  Partials,
  REST,
  Routes,
  type Interaction,
  type Message,
} from "discord.js";
import type { Config } from "../../config.ts";
import { ConfigError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import type { Runtime } from "../../runtime/types.ts";
import { createHandlers, errorName } from "./handlers.ts";
import { sendToChannel } from "./deliver.ts";
import { renderDiscord } from "./render.ts";

/** How often the runtime's outbox (tip notifications, trend alerts) is polled, in milliseconds. */
export const OUTBOX_POLL_MS = 15_000;
/** At most this many outbox items are delivered per poll. */
export const OUTBOX_BATCH = 10;
/** How long `stop()` waits for events in flight to be answered, in milliseconds. */
export const STOP_GRACE_MS = 10_000;
/** How long login may take before start-up fails, in milliseconds. */
export const READY_TIMEOUT_MS = 30_000;
/** Messages kept per channel in discord.js's cache (the bot never reads history from it). */
export const DISCORD_MESSAGE_CACHE = 50;
/** Sweeps (seconds): messages older than `lifetime` every `interval`; cached users every hour (issue 13: a bot that
 * hears from many users must not grow without bound). */
const MESSAGE_SWEEP = { interval: 300, lifetime: 900 };
const USER_SWEEP_INTERVAL_S = 3_600;
/**
 * How often discord.js's REST client drops its idle per-route queues (ms; its default is an hour). Each DM channel the
 * bot answers gets one (`POST /channels/<id>/messages`), so an hour of DMs from many users kept thousands.
 */
export const DISCORD_REST_HANDLER_SWEEP_MS = 60_000;

/** Where an event came from, for `DirectChatForgetter`. */
interface EventOrigin {
  guildId: string | null;
  channelId: string | null;
  userId: string;
}

/**
 * Once the last event of a DM channel in flight has been handled, the channel — with the messages discord.js cached
 * in it, ours included — and its author leave discord.js's caches. The bot never reads them again, and DM channels
 * are never swept by discord.js (its ChannelManager cannot be limited): every user who ever wrote to the bot stayed
 * in memory, about 10 kB each (issue 13: the soak's live heap grew 11.5 MB a minute at 20 DMs/s from new users,
 * measured with heap snapshots). The next DM from the same user re-creates them (partials). Not while another event
 * of the channel is being handled: `message.channel` is looked up in the cache, so its reply would fail.
 */
export class DirectChatForgetter {
  private readonly inFlight = new Map<string, number>();
  constructor(private readonly client: Client) {}

  /** Call when an event starts being handled; returns the function to call when it is done. */
  begin(event: EventOrigin): () => void {
    const channelId = event.guildId === null ? event.channelId : null;
    if (channelId === null) return () => undefined;
    this.inFlight.set(channelId, (this.inFlight.get(channelId) ?? 0) + 1);
    return () => {
      const left = (this.inFlight.get(channelId) ?? 1) - 1;
      if (left > 0) {
        this.inFlight.set(channelId, left);
        return;
      }
      this.inFlight.delete(channelId);
      this.client.channels.cache.delete(channelId);
      if (event.userId !== this.client.user?.id) this.client.users.cache.delete(event.userId);
    };
  }
}

export interface DiscordClientDeps {
  config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_API_ROOT" | "DEFAULT_LOCALE">;
  logger: Logger;
  runtime: Runtime;
}

export interface RunningDiscord {
  client: Client;
  /** False when the application lacks the Message Content intent (server auto-screening cannot read messages). */
  messageContent: boolean;
  stop(): Promise<void>;
}

/** Whether the application may receive message content (the privileged intent is enabled in the portal). */
export async function hasMessageContentIntent(rest: REST): Promise<boolean> {
  const app = (await rest.get(Routes.currentApplication())) as { flags?: number };
  const flags = new ApplicationFlagsBitField(app.flags ?? 0);
  return flags.any([ApplicationFlagsBitField.Flags.GatewayMessageContent, ApplicationFlagsBitField.Flags.GatewayMessageContentLimited]);
}

/**
 * Logs one Discord client in (one shard, or the shard this process was given by a ShardingManager through the
 * SHARDS / SHARD_COUNT environment), wires the handlers and the outbox, and resolves once the client is ready.
 * The Message Content intent is requested only when the application has it, so a bot without it still starts.
 */
export async function startDiscordClient(deps: DiscordClientDeps): Promise<RunningDiscord> {
  const { config, logger, runtime } = deps;
  const token = config.DISCORD_TOKEN;
  if (!token) throw new ConfigError("Discord needs DISCORD_TOKEN", ["DISCORD_TOKEN"]);
  const api = config.DISCORD_API_ROOT;
  const rest = new REST({ api }).setToken(token);
  const messageContent = await hasMessageContentIntent(rest);
  if (!messageContent) logger.warn("discord message content intent missing", { effect: "server auto-check reads no text" });

  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (messageContent) intents.push(GatewayIntentBits.MessageContent);
  const client = new Client({
    intents,
    // DM channels are not cached before their first message.
    partials: [Partials.Channel, Partials.Message],
    rest: { api, handlerSweepInterval: DISCORD_REST_HANDLER_SWEEP_MS },
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: DISCORD_MESSAGE_CACHE }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: MESSAGE_SWEEP,
      users: { interval: USER_SWEEP_INTERVAL_S, filter: () => (user) => user.id !== user.client.user?.id },
    },
  });
  const handlers = createHandlers(client, { runtime, logger, defaultLocale: config.DEFAULT_LOCALE, messageContent });
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const directChats = new DirectChatForgetter(client);
  const onInteraction = (interaction: Interaction) => {
    const done = directChats.begin({ guildId: interaction.guildId, channelId: interaction.channelId, userId: interaction.user.id });
    track(handlers.onInteraction(interaction).finally(done));
  };
  const onMessage = (message: Message) => {
    const done = directChats.begin({ guildId: message.guildId, channelId: message.channelId, userId: message.author.id });
    track(handlers.onMessage(message).finally(done));
  };
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.MessageCreate, onMessage);
  client.on(Events.Error, (error) => logger.error("discord client error", { error: errorName(error) }));
  client.on(Events.ShardDisconnect, (_event, shard) => logger.warn("discord shard disconnected", { shard }));
  client.rest.on("rateLimited", (info) => logger.warn("discord rate limited", { route: info.route, retryAfterMs: info.retryAfter }));

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("discord client not ready in time")), READY_TIMEOUT_MS);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  logger.info("discord ready", { shards: client.ws.shards.size, guilds: client.guilds.cache.size, messageContent });

  let polling = false;
  const outbox = setInterval(() => {
    if (polling) return;
    polling = true;
    void deliverOutbox(client, runtime, logger).finally(() => {
      polling = false;
    });
  }, OUTBOX_POLL_MS);
  outbox.unref();

  return {
    client,
    messageContent,
    async stop() {
      clearInterval(outbox);
      // Take no new events, answer those in flight, then disconnect.
      client.off(Events.InteractionCreate, onInteraction);
      client.off(Events.MessageCreate, onMessage);
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_GRACE_MS);
      });
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      clearTimeout(timer);
      await client.destroy();
      logger.info("discord stopped");
    },
  };
}

/** Delivers waiting outbox items (tip notifications, trend alerts) and acknowledges those sent. */
export async function deliverOutbox(client: Client, runtime: Runtime, logger: Logger): Promise<number> {
  const items = await runtime.takeOutbox("discord", OUTBOX_BATCH);
  const sent: number[] = [];
  for (const item of items) {
    try {
      await sendToChannel(client, item.chatId, renderDiscord(item.reply));
      sent.push(item.id);
    } catch (error) {
      logger.warn("discord outbox delivery failed", { item: item.id, error: errorName(error) });
    }
  }
  if (sent.length > 0) await runtime.ackOutbox(sent);
  return sent.length;
}
