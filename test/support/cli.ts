import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { FactCheck } from "../../src/core/factcheck.ts";
import { silentLogger } from "../../src/core/logger.ts";

/** The installed entry point, run as `claimbot` would be. */
export const CLAIMBOT_BIN = fileURLToPath(new URL("../../bin/claimbot.js", import.meta.url));
/** A child CLI that has not exited by then is killed and the test fails (ms). */
export const CLI_TIMEOUT_MS = 60_000;

/**
 * A fresh data directory whose index already holds `records`: the CLI skips the starter data and starts at once.
 * The caller removes it.
 */
export async function prefilledDataDir(prefix: string, records: readonly FactCheck[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const app = await createApp({ config: loadConfig({ CLAIMBOT_DATA_DIR: dir }), logger: silentLogger, skipStarterData: true });
  await app.index.upsert([...records]);
  await app.close();
  return dir;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `claimbot <args>` on `dataDir` with `input` on stdin (no platform tokens) and collects its output. */
export function runClaimbot(args: readonly string[], options: { dataDir: string; input: string; logLevel?: string }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLAIMBOT_BIN, ...args], {
      env: { ...process.env, CLAIMBOT_DATA_DIR: options.dataDir, LOG_LEVEL: options.logLevel ?? "", TELEGRAM_BOT_TOKEN: "", DISCORD_TOKEN: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`claimbot ${args.join(" ")} did not exit; stdout: ${stdout.slice(-500)}`));
    }, CLI_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input);
  });
}
