import { MemoryLogger } from "../../../src/core/logger.ts";
import type { DeliveryLimits } from "../../../src/adapters/telegram/delivery.ts";
import { startTelegram, type TelegramHandle, type TelegramAppDeps } from "../../../src/adapters/telegram/index.ts";
import type { Runtime } from "../../../src/runtime/types.ts";
import { FakeBotApi, type FakeBotApiOptions } from "./fake-bot-api.ts";

/** A bot token of the right shape; the fake accepts any such token. */
export const TEST_TOKEN = "123456:TEST-token_for-the-fake";

/** Telegram's limits scaled down ×50 so tests take milliseconds, with the same shape. */
export const FAST_LIMITS: DeliveryLimits = {
  perChatIntervalMs: 20,
  groupWindowMs: 1_200,
  groupMaxPerWindow: 20,
  globalWindowMs: 20,
  globalMaxPerWindow: 30,
  maxQueue: 2_000,
  maxInFlight: 8,
  maxAttempts: 4,
  backoffBaseMs: 20,
  backoffMaxMs: 200,
  maxRetryAfterMs: 5_000,
};

export interface Harness {
  api: FakeBotApi;
  logger: MemoryLogger;
  handle: TelegramHandle;
  close(): Promise<void>;
}

/** Starts the fake Bot API and the Telegram adapter (long polling) against it. */
export async function startHarness(
  runtime: Runtime,
  options: {
    limits?: DeliveryLimits;
    fake?: FakeBotApiOptions;
    config?: Partial<TelegramAppDeps["config"]>;
    debounceMs?: number;
    /** Durable stores (update ids, reply outbox), as `serve` passes them. */
    stores?: TelegramAppDeps["stores"];
    outboxRetryMs?: number;
  } = {},
): Promise<Harness> {
  const api = await FakeBotApi.start({ maxPollMs: 1_000, ...options.fake });
  const logger = new MemoryLogger();
  const handle = await startTelegram(
    {
      config: {
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_WEBHOOK_URL: undefined,
        TELEGRAM_WEBHOOK_SECRET: undefined,
        TELEGRAM_WEBHOOK_PORT: 0,
        DEFAULT_LOCALE: "en",
        ...options.config,
      },
      logger,
      runtime,
      ...(options.stores ? { stores: options.stores } : {}),
    },
    {
      limits: options.limits ?? FAST_LIMITS,
      batch: { debounceMs: options.debounceMs ?? 60 },
      outboxIntervalMs: 100,
      webhookHost: "127.0.0.1",
      ...(options.outboxRetryMs === undefined ? {} : { outboxRetryMs: options.outboxRetryMs }),
    },
  );
  return {
    api,
    logger,
    handle,
    async close() {
      await handle.stop();
      await api.close();
    },
  };
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds (or throws after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timeout waiting for ${what}`);
    await sleep(10);
  }
}

/** The HTML text with Telegram's allowed tags removed: what must contain no raw `<`, `>` or lone `&`. */
export function withoutTags(html: string): string {
  return html.replace(/<\/?b>|<a href="[^"<>]*">|<\/a>/g, "");
}
