import { afterEach, expect, it } from "vitest";
import { startTelegram } from "../../../src/adapters/telegram/index.ts";
import { ConfigError } from "../../../src/core/errors.ts";
import { MemoryLogger } from "../../../src/core/logger.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { FakeRuntime, SEED, SEED_POST } from "./fake-runtime.ts";
import { startHarness, until, type Harness } from "./harness.ts";
import { forwardedChannelPost } from "./updates.ts";

let api: FakeBotApi | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  await api?.close();
  harness = undefined;
  api = undefined;
});

function config(token: string | undefined, apiRoot: string) {
  return {
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_WEBHOOK_URL: undefined,
    TELEGRAM_WEBHOOK_SECRET: undefined,
    TELEGRAM_WEBHOOK_PORT: 0,
    DEFAULT_LOCALE: "en" as const,
  };
}

it("refuses to start without a token, or with one the Bot API rejects, naming the variable only", async () => {
  api = await FakeBotApi.start();
  const logger = new MemoryLogger();
  const runtime = new FakeRuntime();
  await expect(startTelegram({ config: config(undefined, api.url), logger, runtime })).rejects.toBeInstanceOf(ConfigError);
  const rejected = startTelegram({ config: config("not-a-token", api.url), logger, runtime });
  await expect(rejected).rejects.toThrow(/TELEGRAM_BOT_TOKEN was rejected/);
  await expect(rejected).rejects.not.toThrow(/not-a-token/);
  expect(api.calls("getMe")).toHaveLength(1);
  const badSecret = { ...config("1:ok", api.url), TELEGRAM_WEBHOOK_SECRET: "has spaces!" };
  await expect(startTelegram({ config: badSecret, logger, runtime })).rejects.toThrow(/TELEGRAM_WEBHOOK_SECRET/);
});

it("graceful stop: stops polling, answers the forwarded batch still waiting, then returns", async () => {
  const runtime = new FakeRuntime();
  harness = await startHarness(runtime, { debounceMs: 5_000 });
  harness.api.pushUpdate(forwardedChannelPost(SEED_POST));
  await until(() => runtime.calls.length === 0 && harness!.api.calls("getUpdates").length >= 2, 5_000, "update fetched");
  await harness.handle.stop();
  // The 5 s debounce did not run out: stop() released the batch and delivered its answer before returning.
  const sent = harness.api.calls("sendMessage");
  expect(sent).toHaveLength(1);
  expect(String(sent[0]?.body.text)).toContain(SEED.url);
  const polls = harness.api.calls("getUpdates").length;
  await new Promise((r) => setTimeout(r, 300));
  expect(harness.api.calls("getUpdates").length).toBe(polls);
  expect(harness.logger.entries.some((e) => e.message === "telegram stopped" && e.fields.drained === true)).toBe(true);
});
