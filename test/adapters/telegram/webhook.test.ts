import { afterEach, expect, it } from "vitest";
import { FakeRuntime, SEED, SEED_POST } from "./fake-runtime.ts";
import { sleep, startHarness, type Harness } from "./harness.ts";
import { message } from "./updates.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function post(port: number, path: string, body: unknown, secret?: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

it("webhook mode: setWebhook with a secret token; requests without the right header are refused", async () => {
  const runtime = new FakeRuntime();
  harness = await startHarness(runtime, {
    config: {
      TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram/hook",
      TELEGRAM_WEBHOOK_SECRET: "s3cret_Token-1",
      TELEGRAM_WEBHOOK_PORT: 0,
    },
  });
  const { api, handle } = harness;
  expect(handle.mode).toBe("webhook");
  const [set] = api.calls("setWebhook");
  expect(set?.body).toMatchObject({ url: "https://bot.example.org/telegram/hook", secret_token: "s3cret_Token-1" });
  expect(set?.body.allowed_updates).toContain("callback_query");
  const port = handle.webhookPort!;

  expect(await post(port, "/telegram/hook", message({ text: SEED_POST }))).toBe(403);
  expect(await post(port, "/telegram/hook", message({ text: SEED_POST }), "wrong")).toBe(403);
  expect(await post(port, "/elsewhere", message({ text: SEED_POST }), "s3cret_Token-1")).toBe(403);
  await sleep(100);
  expect(runtime.callsOf("handleDirect")).toHaveLength(0);

  const update = message({ text: SEED_POST });
  expect(await post(port, "/telegram/hook", update, "s3cret_Token-1")).toBe(200);
  // Telegram retries a webhook delivery it thinks failed: the same update_id is handled once.
  expect(await post(port, "/telegram/hook", update, "s3cret_Token-1")).toBe(200);
  const [sent] = await api.waitFor("sendMessage", 1);
  expect(String(sent?.body.text)).toContain(SEED.url);
  await sleep(100);
  expect(runtime.callsOf("handleDirect")).toHaveLength(1);
  expect(api.calls("getUpdates")).toHaveLength(0);
});
