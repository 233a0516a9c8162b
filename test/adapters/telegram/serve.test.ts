import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { silentLogger } from "../../../src/core/logger.ts";
import { SqliteFtsIndex } from "../../../src/search/sqlite-fts.ts";
import { dataPaths, openDatabase } from "../../../src/store/database.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { SEED, SEED_POST } from "./fake-runtime.ts";
import { forwardedChannelPost } from "./updates.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TOKEN = "424242:serve-test_TOKEN";

let child: ChildProcess | undefined;
let api: FakeBotApi | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  child = undefined;
  api = undefined;
  dir = undefined;
});

/**
 * `claimbot serve` as a child process, with TELEGRAM_API_ROOT pointed at the loopback fake Bot API: a forwarded
 * private message is answered end to end, SIGTERM stops it cleanly. The data dir holds a one-record embedded index
 * (the seed fact-check), so the starter data is not loaded.
 */
it("claimbot serve answers a private message through a fake Bot API, then stops on SIGTERM", async () => {
  dir = mkdtempSync(join(tmpdir(), "claimbot-tg-serve-"));
  const config = loadConfig({ CLAIMBOT_DATA_DIR: dir });
  const db = openDatabase(dataPaths(config).dbFile);
  const index = new SqliteFtsIndex(db, { logger: silentLogger });
  await index.upsert([SEED]);
  await index.close();
  db.close();

  api = await FakeBotApi.start({ maxPollMs: 1_000 });
  let output = "";
  child = spawn(process.execPath, [join(ROOT, "bin/claimbot.js"), "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CLAIMBOT_DATA_DIR: dir,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));

  try {
    await api.waitFor("getUpdates", 1, 45_000);
  } catch (error) {
    throw new Error(`serve did not start polling: ${String(error)}\n${output.slice(-2000)}`);
  }
  expect(api.calls("getMe")[0]?.token).toBe(TOKEN);
  expect(api.calls("setMyCommands").length).toBeGreaterThanOrEqual(2);

  api.pushUpdate(forwardedChannelPost(SEED_POST));
  const [sent] = await api.waitFor("sendMessage", 1, 20_000);
  expect(String(sent?.body.text)).toContain(SEED.url);
  expect(String(sent?.body.text)).toContain("Misleading");
  expect(sent?.body.parse_mode).toBe("HTML");

  child.kill("SIGTERM");
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), 15_000))]);
  expect(code).toBe(0);
  expect(output).not.toContain(TOKEN.split(":")[1]);
}, 90_000);
