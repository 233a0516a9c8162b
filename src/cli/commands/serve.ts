import type { Command } from "commander";
import { startHttpServer, type RunningHttpServer } from "../../adapters/http/server.ts";
import type { App } from "../../app.ts";

/** Options of `claimbot serve`. Without --telegram/--discord every platform whose token is configured starts. */
export interface ServeOptions {
  telegram?: boolean;
  discord?: boolean;
  /** Discord shards: "auto" or a count (discord.js ShardingManager). */
  shards?: string;
  /** Overrides HTTP_PORT; 0 disables the HTTP server; "any" listens on a free port (tests). */
  httpPort?: number | "any";
}

/** What is running; `stop()` shuts it down gracefully (idempotent). */
export interface Serving {
  adapters: string[];
  httpPort?: number;
  stop(): Promise<void>;
}

/** How often `serve` looks open tips up again, to notify senders when a fact-check has appeared (ms). */
export const TIPS_REMATCH_INTERVAL_MS = 60 * 60 * 1000;

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

function parseShards(value: string | undefined): "auto" | number | undefined {
  if (value === undefined) return undefined;
  if (value === "auto") return "auto";
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error("--shards must be auto or a positive integer");
  return n;
}

/**
 * Starts the adapters whose tokens are configured (Telegram, Discord; SDKs imported lazily) and the HTTP server on
 * HTTP_PORT. Graceful stop: adapters stop taking updates and flush, the HTTP server stops accepting, the runtime
 * finishes lookups in flight, then the database closes (`app.close()`).
 */
export async function startServing(app: App, options: ServeOptions = {}): Promise<Serving> {
  const { config, logger } = app;
  const only = options.telegram || options.discord;
  const running: Stoppable[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      logger.info("shutting down", { adapters: running.map((r) => r.name) });
      // Adapters first (no new updates), then HTTP, then the runtime and the database.
      for (const part of [...running].reverse()) {
        try {
          await part.stop();
        } catch (error) {
          logger.error("stop failed", { part: part.name, err: error instanceof Error ? error.name : "unknown" });
        }
      }
      await app.close();
      logger.info("shut down");
    })());

  try {
    const httpPort = options.httpPort ?? config.HTTP_PORT;
    let http: RunningHttpServer | undefined;
    if (httpPort === "any" || httpPort > 0) {
      const { createImageReader } = await import("../../runtime/image-text.ts");
      const images = app.ocr ? createImageReader({ ocr: app.ocr, maxBytes: config.OCR_MAX_IMAGE_BYTES, logger }) : undefined;
      http = await startHttpServer(
        { config, lookup: app.lookup, metrics: app.metrics, logger, ready: () => !stopping, ...(images ? { images } : {}) },
        httpPort === "any" ? 0 : httpPort,
        config.HTTP_HOST,
      );
      running.push({ name: "http", stop: () => http!.stop() });
    }
    if (config.TELEGRAM_BOT_TOKEN && (!only || options.telegram)) {
      const { startTelegram } = await import("../../adapters/telegram/index.ts");
      const handle = await startTelegram({ ...app, imageLimits: { maxBytes: config.OCR_MAX_IMAGE_BYTES, maxPixels: config.OCR_MAX_PIXELS } });
      running.push({ name: "telegram", stop: () => handle.stop() });
    } else if (options.telegram) {
      throw new Error("--telegram needs TELEGRAM_BOT_TOKEN");
    }
    if (config.DISCORD_TOKEN && (!only || options.discord)) {
      const { startDiscord } = await import("../../adapters/discord/index.ts");
      const shards = parseShards(options.shards);
      const handle = await startDiscord(app, shards === undefined ? {} : { shards });
      running.push({ name: "discord", stop: () => handle.stop() });
    } else if (options.discord) {
      throw new Error("--discord needs DISCORD_TOKEN");
    }
    if (running.length === 0) {
      throw new Error("nothing to serve: no TELEGRAM_BOT_TOKEN or DISCORD_TOKEN, and HTTP_PORT=0");
    }
    const rematch = setInterval(() => {
      app.runtime.notifyTipsMatching([]).catch((error: unknown) => {
        logger.error("tips rematch failed", { err: error instanceof Error ? error.name : "unknown" });
      });
    }, TIPS_REMATCH_INTERVAL_MS);
    rematch.unref();
    running.unshift({ name: "tips-rematch", stop: async () => clearInterval(rematch) });
    const adapters = running.map((r) => r.name).filter((n) => n !== "http" && n !== "tips-rematch");
    if (adapters.length === 0) logger.info("no platform token configured: serving the HTTP API only");
    const serving: Serving = { adapters, stop };
    if (http) serving.httpPort = http.port;
    return serving;
  } catch (error) {
    await stop();
    throw error;
  }
}

export function register(program: Command): void {
  program
    .command("serve")
    .description("Run the bots whose tokens are configured (Telegram, Discord) and the HTTP API (HTTP_PORT)")
    .option("--telegram", "start only the Telegram bot (and HTTP)")
    .option("--discord", "start only the Discord bot (and HTTP)")
    .option("--shards <auto|n>", "run Discord under a ShardingManager")
    .option("--http-port <port>", "override HTTP_PORT (0 disables the HTTP server)", (v) => Number.parseInt(v, 10))
    .action(async (options: ServeOptions) => {
      const { createApp } = await import("../../app.ts");
      const app = await createApp({ progress: process.stderr.isTTY });
      // A long-running process: bound V8's heap growth between full collections, no pretenuring (see heap-policy.ts).
      const { applyServePolicies } = await import("../../runtime/heap-policy.ts");
      const { heap, pretenuring } = applyServePolicies(app.config.CLAIMBOT_HEAP_GROWING_PERCENT);
      app.logger.info("heap policy", {
        heapGrowingPercent: heap.applied ? heap.growingPercent : heap.reason,
        allocationSitePretenuring: pretenuring.applied ? "off" : pretenuring.reason,
      });
      const serving = await startServing(app, options);
      const parts = [...serving.adapters, ...(serving.httpPort ? [`http on ${app.config.HTTP_HOST}:${serving.httpPort}`] : [])];
      process.stderr.write(`claimbot serving: ${parts.join(", ")} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          process.stderr.write(`claimbot: ${signal}, shutting down\n`);
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
          serving.stop().then(resolve, resolve);
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
      });
    });
}
