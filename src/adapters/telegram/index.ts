import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Telegraf } from "telegraf";
import type { Config } from "../../config.ts";
import { ConfigError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import type { Runtime } from "../../runtime/types.ts";
import type { BatcherOptions } from "./batcher.ts";
import { DeliveryQueue, TELEGRAM_DELIVERY_LIMITS, type ApiCall, type DeliveryLimits } from "./delivery.ts";
import { TelegramHandlers } from "./handlers.ts";
import { OUTBOX_INTERVAL_MS, startDurableOutboxPump, startOutboxPump } from "./outbox.ts";
import { newOutboxOwner } from "../../store/outbox-store.ts";
import type { RuntimeStores } from "../../store/runtime-stores.ts";
import { registerCommands } from "./register.ts";
import { chatBacklog } from "../../runtime/backlog.ts";
import { telegramFiles, type TelegramImageLimits } from "./images.ts";
import { ALLOWED_UPDATES } from "./schemas.ts";
import { errorFields } from "./wire.ts";
import { createWebhookServer, type WebhookServer } from "./webhook.ts";

/** How long a graceful stop waits for queued messages before giving up on them. */
export const TELEGRAM_STOP_DRAIN_MS = 5_000;
/** Wait before polling is restarted after it failed (not after a stop). */
const POLL_RESTART_DELAY_MS = 5_000;
/** What Telegram accepts as a webhook `secret_token`. */
const WEBHOOK_SECRET = /^[A-Za-z0-9_-]{1,256}$/;
/** Longest time one update may take before telegraf gives up on it. */
const HANDLER_TIMEOUT_MS = 60_000;

/** What the Telegram adapter needs of the app (the `App` of src/app.ts, once it carries the runtime). */
export interface TelegramAppDeps {
  config: Pick<
    Config,
    | "TELEGRAM_BOT_TOKEN"
    | "TELEGRAM_API_ROOT"
    | "TELEGRAM_WEBHOOK_URL"
    | "TELEGRAM_WEBHOOK_SECRET"
    | "TELEGRAM_WEBHOOK_PORT"
    | "DEFAULT_LOCALE"
  >;
  logger: Logger;
  runtime: Runtime;
  /** Which photo size to download for OCR (OCR_MAX_IMAGE_BYTES, OCR_MAX_PIXELS); defaults when unset. */
  imageLimits?: TelegramImageLimits;
  /** The app's metrics (`GET /metrics`), when served: the delivery queue depth is exposed there. */
  metrics?: { gauge(name: string, help: string, read: () => number): void };
  /** The app's stores (serve): update ids and the reply outbox become durable and shared by processes. */
  stores?: Pick<RuntimeStores, "state" | "outbox"> & Partial<Pick<RuntimeStores, "db">>;
}

/** Knobs for tests (scaled limits, short debounce). Production uses the defaults. */
export interface TelegramStartOptions {
  limits?: DeliveryLimits;
  batch?: BatcherOptions;
  outboxIntervalMs?: number;
  /** Wait before a reply the delivery queue gave up on is offered again by the outbox (default 10 s). */
  outboxRetryMs?: number;
  /** Host the webhook server listens on (default all interfaces). */
  webhookHost?: string;
}

export interface TelegramHandle {
  /** `polling` or `webhook`. */
  mode: "polling" | "webhook";
  /** The bot's username (from getMe). */
  username: string;
  /** In webhook mode: the local port the webhook server listens on. */
  webhookPort?: number;
  delivery: DeliveryQueue;
  /** Stops taking updates, checks waiting batches, sends what is queued (bounded wait), then returns. */
  stop(): Promise<void>;
}

/**
 * Starts the Telegram bot: getMe, the command menus, then long polling (default) or a webhook server when
 * `TELEGRAM_WEBHOOK_URL` is set (the `X-Telegram-Bot-Api-Secret-Token` header is verified; a random secret is used
 * when `TELEGRAM_WEBHOOK_SECRET` is unset). `TELEGRAM_API_ROOT` points it at a self-hosted Bot API server or a fake.
 * The token is never logged.
 */
export async function startTelegram(app: TelegramAppDeps, options: TelegramStartOptions = {}): Promise<TelegramHandle> {
  const { config, runtime } = app;
  const logger = app.logger.child({ adapter: "telegram" });
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new ConfigError("TELEGRAM_BOT_TOKEN is not set", ["TELEGRAM_BOT_TOKEN"]);
  if (config.TELEGRAM_WEBHOOK_SECRET !== undefined && !WEBHOOK_SECRET.test(config.TELEGRAM_WEBHOOK_SECRET)) {
    throw new ConfigError("TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -", ["TELEGRAM_WEBHOOK_SECRET"]);
  }

  const bot = new Telegraf(token, {
    telegram: { apiRoot: config.TELEGRAM_API_ROOT, webhookReply: false },
    handlerTimeout: HANDLER_TIMEOUT_MS,
  });
  const call: ApiCall = (method, payload) =>
    (bot.telegram.callApi as (m: string, p: Record<string, unknown>) => Promise<unknown>)(method, payload);

  let me;
  try {
    me = await bot.telegram.getMe();
  } catch (error) {
    const code = (error as { response?: { error_code?: unknown } }).response?.error_code;
    if (code === 401 || code === 404) {
      throw new ConfigError("TELEGRAM_BOT_TOKEN was rejected by the Bot API (getMe)", ["TELEGRAM_BOT_TOKEN"]);
    }
    throw new Error(`Telegram Bot API unreachable at TELEGRAM_API_ROOT (${errorFields(error).error})`);
  }
  bot.botInfo = me;
  logger.info("telegram bot identified", {
    username: me.username,
    canReadAllGroupMessages: me.can_read_all_group_messages,
    inline: me.supports_inline_queries,
  });

  const delivery = new DeliveryQueue(call, logger, options.limits ?? TELEGRAM_DELIVERY_LIMITS);
  app.metrics?.gauge("claimbot_telegram_delivery_depth", "Telegram messages waiting or being sent.", () => delivery.depth);
  const db = app.stores?.db;
  const durable = app.stores
    ? {
        state: app.stores.state,
        outbox: app.stores.outbox,
        owner: newOutboxOwner(),
        ...(db ? { inTransaction: (fn: () => void) => db.transaction(fn)() } : {}),
      }
    : undefined;
  const handlers = new TelegramHandlers({
    runtime,
    logger,
    call,
    delivery,
    me: { id: me.id, username: me.username, canReadAllGroupMessages: me.can_read_all_group_messages },
    defaultLocale: config.DEFAULT_LOCALE,
    // Images are fetched through the same Bot API root (TELEGRAM_API_ROOT) as every other call.
    files: telegramFiles(call, config.TELEGRAM_API_ROOT, token),
    ...(app.imageLimits ? { imageLimits: app.imageLimits } : {}),
    ...(options.batch ? { batch: options.batch } : {}),
    ...(durable ? { durable } : {}),
    ...(options.outboxRetryMs === undefined ? {} : { outboxRetryMs: options.outboxRetryMs }),
  });
  app.metrics?.gauge("claimbot_telegram_updates_in_flight", "Telegram updates being processed.", () => handlers.inFlight);
  app.metrics?.gauge("claimbot_chat_backlog_marks", "Times a chat adapter said it was behind (HTTP lookups then yield).", () => chatBacklog.count);
  app.metrics?.gauge(
    "claimbot_telegram_group_messages_shed",
    "Group messages not screened since start because they were too old when their turn came (the bot was behind).",
    () => handlers.shed,
  );
  bot.use(async (ctx) => {
    await handlers.handleUpdate(ctx.update);
  });
  bot.catch((error, ctx) => {
    logger.error("telegram update failed", { updateId: ctx.update?.update_id ?? null, ...errorFields(error) });
  });

  await registerCommands(call, runtime.commands(), logger);
  const outboxInterval = options.outboxIntervalMs ?? OUTBOX_INTERVAL_MS;
  const outbox = durable
    ? startDurableOutboxPump(app.stores!.outbox, durable.owner, (item) => handlers.deliverStored(item), logger, outboxInterval)
    : startOutboxPump(runtime, (chatId, isGroup, reply) => handlers.send(chatId, isGroup, reply), logger, outboxInterval);

  let stopping = false;
  let stopped: Promise<void> | undefined;
  let webhookServer: Server | undefined;
  let webhook: WebhookServer | undefined;
  let polling: Promise<void> | undefined;

  try {
    if (config.TELEGRAM_WEBHOOK_URL) {
      const url = new URL(config.TELEGRAM_WEBHOOK_URL);
      const secretToken = config.TELEGRAM_WEBHOOK_SECRET ?? randomBytes(32).toString("hex");
      // Answered at once; updates go through a bounded queue (webhook.ts), so Telegram never waits for a lookup.
      webhook = createWebhookServer({
        path: url.pathname,
        secretToken,
        handle: (update) => bot.handleUpdate(update as unknown as Parameters<typeof bot.handleUpdate>[0]),
        logger,
      });
      app.metrics?.gauge("claimbot_telegram_webhook_queue_depth", "Webhook updates accepted, not yet handled.", () => webhook?.depth() ?? 0);
      webhookServer = webhook.server;
      const server = webhookServer;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.TELEGRAM_WEBHOOK_PORT, options.webhookHost, () => resolve());
      });
      await call("setWebhook", {
        url: url.href,
        secret_token: secretToken,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      logger.info("telegram webhook started", { port: (server.address() as AddressInfo).port });
    } else {
      const loop = async () => {
        while (!stopping) {
          try {
            await bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] });
            if (stopping) return;
            logger.warn("telegram polling ended", {});
          } catch (error) {
            if (stopping) return;
            const fields = errorFields(error);
            logger.error("telegram polling failed", fields);
            if (fields.code === 401) return;
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_RESTART_DELAY_MS).unref());
        }
      };
      polling = loop();
      logger.info("telegram polling started", {});
    }
  } catch (error) {
    // Nothing may keep the process alive after a failed start (serve exits with the error).
    webhookServer?.close();
    await outbox.stop();
    delivery.stop();
    throw error;
  }

  return {
    mode: webhookServer ? "webhook" : "polling",
    username: me.username,
    ...(webhookServer ? { webhookPort: (webhookServer.address() as AddressInfo).port } : {}),
    delivery,
    stop() {
      stopped ??= shutdown();
      return stopped;
    },
  };

  async function shutdown(): Promise<void> {
    stopping = true;
    if (polling) {
      try {
        bot.stop("shutdown");
      } catch {
        // Not running (between restarts): nothing to stop.
      }
      await polling;
    }
    if (webhookServer) {
      const server = webhookServer;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await webhook?.drain();
    }
    await outbox.stop();
    await handlers.stop();
    const drained = await delivery.drain(TELEGRAM_STOP_DRAIN_MS);
    delivery.stop();
    logger.info("telegram stopped", { drained, ...delivery.stats });
  }
}
