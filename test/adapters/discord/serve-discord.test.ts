import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import { silentLogger } from "../../../src/core/logger.ts";
import { DEFAULT_BOT_USER, FakeDiscord } from "./fake-discord.ts";
import { loadSeedFactCheck } from "../../support/seed.ts";
import { guild, slashCommand } from "./payloads.ts";

/**
 * The way claimbot is checked from outside: `claimbot serve --discord` as a child process with DISCORD_API_ROOT
 * pointed at the loopback Discord (REST + the gateway websocket `GET /gateway/bot` names). The fake delivers an
 * INTERACTION_CREATE for `/check <seed claim>` and the answer must come back over REST.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TOKEN = "serve-test-token-SECRET";
const SEED_CLAIM = "Russian state media reported that North Korea has decided to send troops to Ukraine";
const seed = loadSeedFactCheck();

let fake: FakeDiscord;
let dir: string;

beforeAll(async () => {
  fake = await FakeDiscord.start({ guilds: [guild(DEFAULT_BOT_USER)] });
  dir = mkdtempSync(join(tmpdir(), "claimbot-serve-discord-"));
  // An index holding the seed record, so the served app does not load the whole starter data.
  const app = await createApp({ config: loadConfig({ CLAIMBOT_DATA_DIR: dir }), logger: silentLogger, skipStarterData: true });
  await app.index.upsert([seed]);
  await app.close();
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

function serve(args: string[]): { child: ChildProcess; output: () => string; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["bin/claimbot.js", "serve", "--discord", "--http-port", "0", ...args], {
    cwd: ROOT,
    env: { ...process.env, CLAIMBOT_DATA_DIR: dir, DISCORD_TOKEN: TOKEN, DISCORD_API_ROOT: fake.apiRoot, LOG_LEVEL: "info", HTTP_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("claimbot serving")) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`serve exited early (${code}): ${output.slice(-2000)}`));
    });
  });
  return { child, output: () => output, ready, exited };
}

async function checkOnce(): Promise<void> {
  const interaction = slashCommand(fake.appId, "check", [{ name: "text", type: 3, value: SEED_CLAIM }]);
  fake.dispatch("INTERACTION_CREATE", interaction);
  const edit = await fake.waitForCall((c) => c.method === "PATCH" && c.path.includes(interaction.token) && c.status === 200, 20_000);
  const callback = fake.calls.find((c) => c.path.endsWith(`/interactions/${interaction.id}/${interaction.token}/callback`));
  expect(callback?.body.type).toBe(5);
  expect(edit.body.embeds[0].title).toBe("Misleading");
  expect(edit.body.embeds[0].url).toBe(seed.url);
  expect(edit.body.allowed_mentions.parse).toEqual([]);
}

describe("claimbot serve --discord against the loopback Discord", () => {
  it("answers /check end to end and stops cleanly on SIGTERM; the token is never printed", async () => {
    const run = serve([]);
    try {
      await run.ready;
      expect(fake.identifies.length).toBeGreaterThanOrEqual(1);
      await checkOnce();
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain(TOKEN);
  }, 90_000);

  it("--shards auto asks the API root for the shard count and runs the bot in a shard process", async () => {
    const identifies = fake.identifies.length;
    const run = serve(["--shards", "auto"]);
    try {
      await run.ready;
      expect(fake.identifies.length).toBe(identifies + 1);
      expect(fake.identifies.at(-1).shard).toEqual([0, 1]);
      expect(fake.calls.filter((c) => c.path === "/api/v10/gateway/bot").length).toBeGreaterThanOrEqual(2);
      await checkOnce();
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain(TOKEN);
  }, 120_000);
});
