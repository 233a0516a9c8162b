import { afterEach, expect, it } from "vitest";
import type { RecordedCall } from "../adapters/discord/fake-discord.ts";
import { FakeRuntime } from "../adapters/discord/fake-runtime.ts";
import { startHarness, type Harness } from "../adapters/discord/harness.ts";
import { CHANNEL_ID, dmMessage, DM_CHANNEL_ID, guildMessage, MODLOG_CHANNEL_ID, slashCommand } from "../adapters/discord/payloads.ts";

const SEED_CLAIM = "Russian state media reported that North Korea has decided to send troops to Ukraine";
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const isCallback = (token: string) => (c: RecordedCall) => c.path.includes("/interactions/") && c.path.includes(token);
const isOriginalEdit = (token: string) => (c: RecordedCall) => c.method === "PATCH" && c.path.endsWith(`/${token}/messages/%40original`) && c.status === 200;
const dmReply = (c: RecordedCall) => c.method === "POST" && c.path.endsWith(`/channels/${DM_CHANNEL_ID}/messages`) && c.status === 200;

it("a gateway connection cut mid-stream is resumed, and later events are answered", async () => {
  h = await startHarness(new FakeRuntime());
  const { fake } = h;
  fake.dispatch("MESSAGE_CREATE", dmMessage(SEED_CLAIM));
  await fake.waitForCall(dmReply);
  fake.dropGateway("terminate");
  // discord.js reconnects to resume_gateway_url and sends RESUME (op 6) with the session and the last sequence.
  const deadline = Date.now() + 20_000;
  while (fake.resumes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(fake.resumes[0]).toMatchObject({ session_id: "fake-session" });
  expect(fake.resumes[0].seq).toBeGreaterThan(0);
  expect(fake.identifies).toHaveLength(1);
  await new Promise((r) => setTimeout(r, 200));
  fake.dispatch("MESSAGE_CREATE", dmMessage(`${SEED_CLAIM}, again`));
  const calls = () => fake.calls.filter(dmReply);
  const again = Date.now() + 10_000;
  while (calls().length < 2 && Date.now() < again) await new Promise((r) => setTimeout(r, 20));
  expect(calls()).toHaveLength(2);
}, 40_000);

it("a 429 on one route is waited out there while other routes go on", async () => {
  const runtime = new FakeRuntime();
  runtime.settings = { autoCheck: true, sensitivity: "normal", action: "alert", cooldownMinutes: 0, minLength: 10, logChatId: MODLOG_CHANNEL_ID };
  h = await startHarness(runtime);
  const { fake } = h;
  fake.rateLimit("POST", new RegExp(`/channels/${MODLOG_CHANNEL_ID}/messages$`), 1, 1.5);
  fake.dispatch("MESSAGE_CREATE", guildMessage(SEED_CLAIM, { channelId: CHANNEL_ID }));
  const limited = await fake.waitForCall((c) => c.path.endsWith(`/channels/${MODLOG_CHANNEL_ID}/messages`) && c.status === 429);
  const limitedAt = Date.now();
  fake.dispatch("MESSAGE_CREATE", dmMessage(SEED_CLAIM));
  await fake.waitForCall(dmReply);
  const otherRouteMs = Date.now() - limitedAt;
  await fake.waitForCall((c) => c.path.endsWith(`/channels/${MODLOG_CHANNEL_ID}/messages`) && c.status === 200, 10_000);
  const retriedMs = Date.now() - limitedAt;
  expect(limited.status).toBe(429);
  expect(otherRouteMs).toBeLessThan(1_200);
  expect(retriedMs).toBeGreaterThanOrEqual(1_400);
});

it("a slow lookup is deferred within Discord's 3 s and answered later; a failing one says so", async () => {
  const runtime = new FakeRuntime();
  runtime.delayMs = 3_500;
  h = await startHarness(runtime);
  const { fake } = h;
  const slow = slashCommand(fake.appId, "check", [{ name: "text", type: 3, value: SEED_CLAIM }]);
  const started = Date.now();
  fake.dispatch("INTERACTION_CREATE", slow);
  const callback = await fake.waitForCall(isCallback(slow.token));
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(callback.body.type).toBe(5);
  const edit = await fake.waitForCall(isOriginalEdit(slow.token), 10_000);
  expect(Date.now() - started).toBeGreaterThanOrEqual(3_400);
  expect(JSON.stringify(edit.body.embeds)).toContain("Misleading");

  runtime.delayMs = 500;
  runtime.failNext = new Error("index exploded");
  const failing = slashCommand(fake.appId, "check", [{ name: "text", type: 3, value: SEED_CLAIM }]);
  fake.dispatch("INTERACTION_CREATE", failing);
  await fake.waitForCall(isCallback(failing.token));
  const apology = await fake.waitForCall(isOriginalEdit(failing.token), 10_000);
  expect(apology.body.embeds[0].title).toBe("Something went wrong");
}, 30_000);

it("a user flooding the bot in DMs gets one 'slow down', then nothing", async () => {
  const { makeRuntime } = await import("../runtime/helpers.ts");
  const { runtime } = makeRuntime({ directFlood: { perWindow: 3, windowMs: 60_000 }, now: Date.now });
  h = await startHarness(runtime);
  for (let i = 0; i < 8; i++) h.fake.dispatch("MESSAGE_CREATE", dmMessage(`${SEED_CLAIM} (${i})`));
  const posts = () => h!.fake.calls.filter(dmReply);
  const deadline = Date.now() + 10_000;
  while (posts().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 500));
  expect(posts()).toHaveLength(4);
  expect(posts().filter((c) => JSON.stringify(c.body).includes("Slow down"))).toHaveLength(1);
});
