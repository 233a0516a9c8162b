import { afterEach, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpServer } from "../../src/adapters/http/server.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { Metrics } from "../../src/runtime/metrics.ts";
import type { IncomingMessage as Incoming } from "../../src/runtime/types.ts";
import { openDatabase } from "../../src/store/database.ts";
import { openRuntimeStores } from "../../src/store/runtime-stores.ts";
import { FakeRuntime, SEED, SEED_POST } from "../adapters/telegram/fake-runtime.ts";
import { FAST_LIMITS, sleep, startHarness, until, type Harness } from "../adapters/telegram/harness.ts";
import { ADMIN, GROUP_CHAT, command, groupText, message } from "../adapters/telegram/updates.ts";
import { fakeLookup, makeRuntime } from "../runtime/helpers.ts";

let harness: Harness | undefined;
let http: Server | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  http = undefined;
});

const dm = (id: number, text: string) =>
  message({ text }, { id, type: "private", first_name: "U" }, { id, is_bot: false, first_name: "U", language_code: "en" });
const chatOf = (call: { body: Record<string, unknown> }) => Number(call.body.chat_id);

describe("Telegram 429 and transient errors", () => {
  it("a 429 with retry_after pauses that chat only; other chats keep being answered", async () => {
    harness = await startHarness(new FakeRuntime());
    const { api } = harness;
    api.failNext("sendMessage", { code: 429, retryAfter: 1 });
    api.pushUpdate(dm(101, SEED_POST));
    await api.waitFor("sendMessage", 1);
    api.pushUpdate(dm(202, SEED_POST), dm(303, SEED_POST));
    const calls = await api.waitFor("sendMessage", 4, 10_000);
    const limited = calls[0]!;
    expect(chatOf(limited)).toBe(101);
    const others = calls.filter((c) => chatOf(c) !== 101);
    // Chats 202 and 303 went out during chat 101's pause; 101's retry waited its retry_after.
    for (const other of others) expect(other.at - limited.at).toBeLessThan(900);
    const retry = calls.filter((c) => chatOf(c) === 101)[1]!;
    expect(retry.at - limited.at).toBeGreaterThanOrEqual(950);
    expect(harness.logger.entries.find((e) => e.message === "telegram rate limited")?.fields).toMatchObject({ scope: "chat" });
  });

  it("pauses everything only when the 429 says the global limit was hit", async () => {
    harness = await startHarness(new FakeRuntime());
    const { api } = harness;
    api.failNext("sendMessage", { code: 429, retryAfter: 1, description: "Too Many Requests: global flood control, retry after 1" });
    api.pushUpdate(dm(101, SEED_POST));
    await api.waitFor("sendMessage", 1);
    api.pushUpdate(dm(202, SEED_POST));
    const calls = await api.waitFor("sendMessage", 3, 10_000);
    const other = calls.find((c) => chatOf(c) === 202)!;
    expect(other.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(harness.logger.entries.find((e) => e.message === "telegram rate limited")?.fields).toMatchObject({ scope: "global" });
  });

  it("5xx and network errors: retried with backoff, then the reply goes back to the outbox and is sent later, once", async () => {
    const stores = openRuntimeStores(openDatabase(":memory:"));
    harness = await startHarness(new FakeRuntime(), { limits: { ...FAST_LIMITS, maxAttempts: 3 }, stores, outboxRetryMs: 300 });
    const { api } = harness;
    api.failNext("sendMessage", { httpStatus: 502 }, { drop: true }, { httpStatus: 503 });
    api.pushUpdate(dm(101, SEED_POST));
    const calls = await api.waitFor("sendMessage", 4, 10_000);
    // Three attempts by the queue, then the outbox's retry after its delay.
    expect(calls[3]!.at - calls[2]!.at).toBeGreaterThanOrEqual(250);
    expect(String(calls[3]!.body.text)).toContain(SEED.url);
    await until(() => stores.outbox.counts().sent === 1, 5_000, "outbox settled");
    await sleep(400);
    expect(api.calls("sendMessage")).toHaveLength(4);
    expect(stores.outbox.counts()).toMatchObject({ sent: 1, pending: 0 });
  });
});

describe("edited messages", () => {
  it("private chat: an edit that changes the text is checked again and the answer edited in place; the same text is not", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    const { api } = harness;
    const original = dm(101, "is this true? something about a parade");
    const messageId = (original.message as { message_id: number }).message_id;
    api.pushUpdate(original);
    const [first] = await api.waitFor("sendMessage", 1);
    await sleep(50);
    const edit = (text: string, updateId: number) => ({
      update_id: updateId,
      edited_message: { ...(original.message as object), text, edit_date: Math.floor(Date.now() / 1000) },
    });
    api.pushUpdate(edit(SEED_POST, 900_001));
    const [edited] = await api.waitFor("editMessageText", 1);
    expect(edited!.body.chat_id).toBe(101);
    expect(String(edited!.body.text)).toContain(SEED.url);
    expect(edited!.body.message_id).toBeTypeOf("number");
    expect(String(first!.body.text)).not.toContain(SEED.url);
    // The same text again (a link preview, a reaction): nothing.
    api.pushUpdate(edit(SEED_POST, 900_002));
    await sleep(300);
    expect(api.calls("editMessageText")).toHaveLength(1);
    expect(api.calls("sendMessage")).toHaveLength(1);
    expect(messageId).toBeGreaterThan(0);
  });

  it("group: an edit is ignored with auto-check off, and with it on only an edit that adds a matching claim is answered", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime, { fake: { me: { can_read_all_group_messages: true } } });
    const { api } = harness;
    const chit = groupText("see you all at dinner tonight");
    const edit = (text: string, updateId: number) => ({ update_id: updateId, edited_message: { ...(chit.message as object), text } });
    api.pushUpdate(chit, edit(SEED_POST, 910_001));
    await sleep(300);
    expect(runtime.callsOf("handleGroup")).toHaveLength(1);
    expect(api.calls("sendMessage")).toHaveLength(0);

    api.setChatMember(GROUP_CHAT.id, ADMIN.id, "administrator");
    api.pushUpdate(command("/settings auto_check on", GROUP_CHAT, ADMIN));
    await api.waitFor("sendMessage", 1);
    api.pushUpdate(edit("see you all at dinner tonight!!", 910_002));
    await sleep(200);
    expect(api.calls("sendMessage")).toHaveLength(1);
    api.pushUpdate(edit(SEED_POST, 910_003));
    const calls = await api.waitFor("sendMessage", 2);
    expect(String(calls[1]!.body.text)).toContain(SEED.url);
    // Already answered: a further edit of that message gets no second answer.
    api.pushUpdate(edit(`${SEED_POST} (updated)`, 910_004));
    await sleep(300);
    expect(api.calls("sendMessage")).toHaveLength(2);
  });
});

describe("webhook", () => {
  it("answers 200 at once while lookups are slow, and processes every update through its bounded queue", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    class SlowRuntime extends FakeRuntime {
      override async handleDirect(message: Incoming) {
        await gate;
        return super.handleDirect(message);
      }
    }
    harness = await startHarness(new SlowRuntime(), {
      config: { TELEGRAM_WEBHOOK_URL: "https://bot.example.org/hook", TELEGRAM_WEBHOOK_SECRET: "sec", TELEGRAM_WEBHOOK_PORT: 0 },
    });
    const port = harness.handle.webhookPort!;
    const updates = Array.from({ length: 300 }, (_, i) => dm(10_000 + i, SEED_POST));
    const started = Date.now();
    const statuses = await Promise.all(
      updates.map(async (update) => {
        const response = await fetch(`http://127.0.0.1:${port}/hook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "sec" },
          body: JSON.stringify(update),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    const answeredMs = Date.now() - started;
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Every lookup is still blocked: the answers did not wait for them.
    expect(harness.api.calls("sendMessage")).toHaveLength(0);
    expect(answeredMs).toBeLessThan(5_000);
    release();
    await harness.api.waitFor("sendMessage", 300, 20_000);
  });
});

describe("abuse", () => {
  it("a user flooding the bot in a private chat gets one 'slow down', then nothing until the window clears", async () => {
    const { runtime } = makeRuntime({ directFlood: { perWindow: 5, windowMs: 60_000 }, now: Date.now, sleep: (ms) => sleep(ms) });
    harness = await startHarness(runtime);
    const { api } = harness;
    for (let i = 0; i < 30; i++) api.pushUpdate(dm(4242, `message number ${i}: is the moon made of cheese, really?`));
    await api.waitFor("sendMessage", 6);
    await sleep(500);
    const sent = api.calls("sendMessage");
    expect(sent).toHaveLength(6);
    expect(sent.filter((c) => String(c.body.text).includes("Slow down"))).toHaveLength(1);
    // Counted as the limit working (one "slow down", the rest dropped), not as errors.
    const throttled = () => runtime.metrics.get("claimbot_direct_flood_total", { verdict: "throttled" });
    for (let waited = 0; (await throttled()) < 24 && waited < 10_000; waited += 20) await sleep(20);
    expect(await throttled()).toBe(24);
    expect(await runtime.metrics.get("claimbot_direct_flood_total", { verdict: "slow-down" })).toBe(1);
    expect(await runtime.metrics.get("claimbot_errors_total", { where: "direct-flood" })).toBe(0);
    // Another user is not affected.
    api.pushUpdate(dm(5353, "is the moon made of cheese, really? asking for a friend"));
    await api.waitFor("sendMessage", 7);
  });

  it("the HTTP API limits each client: over the limit 429 with Retry-After; another client is still served", async () => {
    const lookup = fakeLookup();
    http = createHttpServer({
      config: { HTTP_API_TOKEN: undefined, HTTP_MAX_BODY_BYTES: 65_536, HTTP_RATE_LIMIT_PER_MINUTE: 5 },
      lookup,
      metrics: new Metrics(),
      logger: silentLogger,
    });
    await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
    const port = (http.address() as AddressInfo).port;
    const ask = (auth?: string) =>
      fetch(`http://127.0.0.1:${port}/v1/lookup`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ text: "North Korea troops" }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await ask()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const limited = await ask();
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await limited.json()).toMatchObject({ error: "rate_limited" });
    expect((await ask("Bearer other-client")).status).toBe(200);
    expect(lookup.calls).toHaveLength(6);
  });
});
