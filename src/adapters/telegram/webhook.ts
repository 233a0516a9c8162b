import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../../core/logger.ts";

/** Updates accepted but not yet handed to the handlers; beyond it the webhook answers 503 and Telegram retries. */
export const WEBHOOK_QUEUE_MAX = 2_000;
/** Largest webhook body accepted (bytes): an update is a few kB. */
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookServerOptions {
  /** Path Telegram posts to (`new URL(TELEGRAM_WEBHOOK_URL).pathname`). */
  path: string;
  /** The `secret_token` given to setWebhook; requests without it in `X-Telegram-Bot-Api-Secret-Token` get 403. */
  secretToken: string;
  /** Hands one update on (telegraf's `bot.handleUpdate`); may wait when the handlers are busy. */
  handle: (update: Record<string, unknown>) => Promise<void>;
  logger: Logger;
  queueMax?: number;
}

export interface WebhookServer {
  server: Server;
  /** Updates waiting in the queue. */
  depth(): number;
  /** Resolves when the queue is empty and the update being handed on is done. */
  drain(): Promise<void>;
}

function secretMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The webhook endpoint: checks path and secret, answers 200 as soon as the body is read, and hands updates to the
 * handlers from a bounded queue, one after another (the handlers run up to their own in-flight bound in the
 * background). Telegram never waits for a lookup, and a burst cannot grow memory without bound: a full queue
 * answers 503, which Telegram retries later. Updates in the queue when the process dies are lost (they hold user
 * text, which is never stored).
 */
export function createWebhookServer(options: WebhookServerOptions): WebhookServer {
  const queue: Array<Record<string, unknown>> = [];
  const max = options.queueMax ?? WEBHOOK_QUEUE_MAX;
  let pumping: Promise<void> | undefined;
  const idle: Array<() => void> = [];

  const pump = async () => {
    while (queue.length > 0) {
      const update = queue.shift()!;
      try {
        await options.handle(update);
      } catch (error) {
        options.logger.error("telegram webhook update failed", { error: error instanceof Error ? error.name : typeof error });
      }
    }
    pumping = undefined;
    for (const resolve of idle.splice(0)) resolve();
  };

  const answer = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(status === 200 ? "{}" : "");
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "POST" || path !== options.path) {
      answer(res, 403);
      req.resume();
      return;
    }
    if (!secretMatches(req.headers["x-telegram-bot-api-secret-token"], options.secretToken)) {
      answer(res, 403);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > WEBHOOK_MAX_BODY_BYTES) {
        refused = true;
        answer(res, 413, { connection: "close" });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (refused) return;
      let update: unknown;
      try {
        update = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        answer(res, 400);
        return;
      }
      if (!update || typeof update !== "object" || Array.isArray(update)) {
        answer(res, 400);
        return;
      }
      if (queue.length >= max) {
        options.logger.warn("telegram webhook queue full", { depth: queue.length });
        answer(res, 503, { "retry-after": "1" });
        return;
      }
      queue.push(update as Record<string, unknown>);
      answer(res, 200);
      pumping ??= pump();
    });
    req.on("error", () => undefined);
  });

  return {
    server,
    depth: () => queue.length,
    drain: () => (pumping ? new Promise<void>((resolve) => idle.push(resolve)) : Promise.resolve()),
  };
}
