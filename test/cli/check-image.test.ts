import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prefilledDataDir, runClaimbot } from "../support/cli.ts";
import { OCR_FIXTURE_DIR, ocrFactChecks, POKEMON_ID, POKEMON_URL } from "../ocr/fixtures.ts";

/** `claimbot check --image` as a user runs it: a child process on a data directory holding ocrFactChecks. */
let dataDir: string;
const fixture = (name: string) => fileURLToPath(new URL(name, OCR_FIXTURE_DIR));

beforeAll(async () => {
  dataDir = await prefilledDataDir("claimbot-check-image-", ocrFactChecks());
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("claimbot check --image", () => {
  it("a screenshot file → the fact-check and the text read (JSON)", async () => {
    const run = await runClaimbot(["check", "--image", fixture("en-screenshot.png"), "--json"], { dataDir, input: "" });
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { outcome: string; matches: Array<{ id: string; url: string }>; image: { text: string } };
    expect(body.outcome).toBe("match");
    expect(body.matches[0]).toMatchObject({ id: POKEMON_ID, url: POKEMON_URL });
    expect(body.image.text).toContain("Pokemon Go");
  }, 60_000);

  it("a decompression bomb → exit 2 with the reason, nothing decoded", async () => {
    const run = await runClaimbot(["check", "--image", fixture("bomb.png")], { dataDir, input: "" });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("too many pixels");
  }, 60_000);
});
