import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { SEED, SEED_TEXT } from "../runtime/helpers.ts";

const BIN = fileURLToPath(new URL("../../bin/claimbot.js", import.meta.url));
let dir: string;

beforeAll(async () => {
  // A data dir whose index already holds the seed: the console skips the starter data and starts at once.
  dir = mkdtempSync(join(tmpdir(), "claimbot-console-"));
  const app = await createApp({ config: loadConfig({ CLAIMBOT_DATA_DIR: dir }), logger: silentLogger, skipStarterData: true });
  await app.index.upsert([SEED]);
  await app.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "console"], {
      env: { ...process.env, CLAIMBOT_DATA_DIR: dir, LOG_LEVEL: "", TELEGRAM_BOT_TOKEN: "", DISCORD_TOKEN: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`console did not exit; stdout: ${stdout.slice(-500)}`));
    }, 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

describe("claimbot console on piped stdin (real CLI, real lookup)", () => {
  it("answers, simulates a group and exits cleanly at EOF", async () => {
    const { code, stdout } = await runCli(
      [SEED_TEXT, "/about", "/group on", "Happy birthday! See you at dinner on Saturday", SEED_TEXT, ""].join("\n"),
    );
    expect(code).toBe(0);
    expect(stdout).toContain("claimbot console — 1 fact-checks (sqlite)");
    expect(stdout).toContain("── Misleading — AFP Fact Check ──");
    expect(stdout).toContain(SEED.url);
    expect(stdout).toContain("Fact-checks indexed: 1");
    expect(stdout).toContain("(silent: not-screenable)");
    expect(stdout).toContain("[bot replies in the group]");
  });
});
