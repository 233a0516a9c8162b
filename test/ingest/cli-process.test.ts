import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { fixturePath } from "./helpers.ts";

const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../../bin/claimbot.js", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "claimbot-cli-ingest-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("claimbot ingest as a process, on the embedded SQLite index", () => {
  it("imports the seed article (twice: nothing changes) and keeps going past a missing file", async () => {
    const env = { ...process.env, CLAIMBOT_DATA_DIR: dataDir, SEARCH_BACKEND: "sqlite", LOG_LEVEL: "silent" };
    const args = [
      BIN,
      "ingest",
      fixturePath("afp-north-korea-troops-2022-04-26.txt"),
      join(dataDir, "missing.txt"),
      "--format",
      "article",
      "--url",
      "https://news.yahoo.com/social-media-posts-overplay-north-012743300.html",
      "--json",
    ];
    const first = await run(process.execPath, args, { env });
    const summary = JSON.parse(first.stdout) as { imported: number; indexCount: number; sourcesFailed: unknown[] };
    expect(summary).toMatchObject({ imported: 1, indexCount: 1 });
    expect(summary.sourcesFailed).toHaveLength(1);
    const second = await run(process.execPath, args, { env });
    expect(JSON.parse(second.stdout)).toMatchObject({ imported: 1, indexCount: 1 });
    // Exit code 1 when nothing could be read is covered in-process (cli-ingest.test.ts): spawns are slow here.
  }, 90_000);
});
