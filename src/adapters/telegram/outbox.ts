import type { Logger } from "../../core/logger.ts";
import type { OutboxItem, Runtime } from "../../runtime/types.ts";
import type { DeliveryResult } from "./delivery.ts";
import type { Reply } from "../../core/reply-types.ts";

/** How often waiting outbox items (tip notifications, trend alerts) are fetched. */
export const OUTBOX_INTERVAL_MS = 5_000;
/** Most outbox items taken per round. */
export const OUTBOX_BATCH = 20;

export interface OutboxPump {
  /** Runs one round now (tests, shutdown). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Delivers the runtime's outbox periodically. Items are acknowledged once sent, or once Telegram refused them for
 * good (blocked bot, chat gone); items that could not be sent for a passing reason stay for the next round.
 */
export function startOutboxPump(
  runtime: Runtime,
  send: (chatId: string, isGroup: boolean, reply: Reply) => Promise<DeliveryResult>,
  logger: Logger,
  intervalMs: number = OUTBOX_INTERVAL_MS,
): OutboxPump {
  const round = async () => {
    const items = await runtime.takeOutbox("telegram", OUTBOX_BATCH);
    if (items.length === 0) return;
    const results = await Promise.all(items.map((item) => send(item.chatId, item.chatId.startsWith("-"), item.reply)));
    const done = items.filter((_, i) => {
      const result = results[i];
      return result !== undefined && (result.ok || result.reason === "rejected");
    });
    if (done.length > 0) await runtime.ackOutbox(done.map((item) => item.id));
    logger.info("telegram outbox delivered", { taken: items.length, acked: done.length });
  };
  return runPump(round, logger, intervalMs);
}

/** Runs `round` every `intervalMs`, never two at once; a failed round is logged and the next one runs as usual. */
function runPump(round: () => Promise<void>, logger: Logger, intervalMs: number): OutboxPump {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    if (stopped || running) return await running;
    running = round()
      .catch((error: unknown) => {
        logger.warn("telegram outbox failed", { error: error instanceof Error ? error.name : typeof error });
      })
      .finally(() => {
        running = undefined;
      });
    await running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** What the durable pump needs of the outbox store. */
export interface DurableOutboxSource {
  take(platform: "telegram", limit: number, now: number, owner: string): OutboxItem[];
  recover(now?: number): { released: number; inDoubt: number };
}

/**
 * The outbox pump with the durable store (serve): every round it first recovers items leased by processes that are
 * gone (never attempted → offered again; attempted → settled `unknown`, never sent twice), then takes the items due
 * (replies released after a failure, tip notifications, trend alerts) and delivers them through `deliver`, which
 * settles or releases each one itself.
 */
export function startDurableOutboxPump(
  source: DurableOutboxSource,
  owner: string,
  deliver: (item: OutboxItem) => Promise<DeliveryResult>,
  logger: Logger,
  intervalMs: number = OUTBOX_INTERVAL_MS,
): OutboxPump {
  const round = async () => {
    const recovered = source.recover();
    if (recovered.released + recovered.inDoubt > 0) logger.warn("telegram outbox recovered", recovered);
    const items = source.take("telegram", OUTBOX_BATCH, Date.now(), owner);
    if (items.length === 0) return;
    const results = await Promise.all(items.map((item) => deliver(item)));
    logger.info("telegram outbox delivered", { taken: items.length, sent: results.filter((r) => r.ok).length });
  };
  const pump = runPump(round, logger, intervalMs);
  // At start: what a crashed predecessor left is sent at once, not after the first interval.
  void pump.tick();
  return pump;
}
