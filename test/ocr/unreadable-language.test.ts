import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { findLanguages, looksLikeTraineddata, SHIPPED_LANG_DIR } from "../../src/ocr/languages.ts";
import { seededRandom } from "../../src/core/random.ts";

/**
 * A language file that is not a traineddata file used to crash the process: tesseract.js's engine failed to start and
 * a stray message of its worker threw in tesseract.js's own listener (uncaught). Such files are now skipped for the
 * next place that has the language, and logged.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function folderWith(files: Record<string, Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "claimbot-ocr-bad-"));
  dirs.push(dir);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}
const random = seededRandom(13);
const noise = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
const KOR = join(SHIPPED_LANG_DIR, "kor.traineddata");

describe("language files that are not traineddata", () => {
  it("are told apart by their header: shipped and npm files pass; noise, text, truncated and empty files do not", () => {
    expect(looksLikeTraineddata(KOR)).toBe(true);
    const eng = findLanguages(["eng"]).found[0]!;
    expect(eng.from).toBe("npm");
    expect(eng.file).toMatch(/\.gz$/);
    expect(looksLikeTraineddata(eng.file)).toBe(true);
    const bad = folderWith({
      "noise.traineddata": noise(5_000),
      "text.traineddata": new TextEncoder().encode("<html>404 not found</html>"),
      "truncated.traineddata": readFileSync(KOR).subarray(0, 4_000),
      "empty.traineddata": new Uint8Array(0),
    });
    for (const name of ["noise", "text", "truncated", "empty"]) expect(looksLikeTraineddata(join(bad, `${name}.traineddata`)), name).toBe(false);
  });

  it("are skipped for the next place that has the language, and listed", () => {
    const bad = folderWith({ "eng.traineddata": noise(5_000), "kor.traineddata": noise(3_000) });
    const { found, missing, unreadable } = findLanguages(["eng", "kor"], bad);
    expect(found.map((f) => [f.code, f.from])).toEqual([
      ["eng", "npm"],
      ["kor", "data/ocr"],
    ]);
    expect(missing).toEqual([]);
    expect(unreadable).toEqual([join(bad, "eng.traineddata"), join(bad, "kor.traineddata")]);
  });

  it("no longer crash the process: the engine starts on the good file and reads the image, the bad one is logged", () => {
    const bad = folderWith({ "eng.traineddata": noise(5_000) });
    const source = fileURLToPath(new URL("../../src/", import.meta.url));
    const image = fileURLToPath(new URL("../fixtures/ocr/en-screenshot.png", import.meta.url));
    // In a child process: before the fix this exited 1 with tesseract.js's TypeError, which would end a test worker.
    const script = `
      const { createTesseractOcr } = await import(${JSON.stringify(join(source, "ocr/tesseract-ocr.ts"))});
      const { MemoryLogger } = await import(${JSON.stringify(join(source, "core/logger.ts"))});
      const { readFileSync } = await import("node:fs");
      const logger = new MemoryLogger();
      const ocr = createTesseractOcr({ languages: "eng", langPath: ${JSON.stringify(bad)}, workers: 1, timeoutMs: 20000, maxPixels: 25e6, maxBytes: 1e7, logger });
      const result = await ocr.read(readFileSync(${JSON.stringify(image)}));
      await ocr.close();
      console.log(JSON.stringify({ result, logs: logger.entries.map((e) => ({ level: e.level, message: e.message, fields: e.fields })) }));
    `;
    // A file, not --eval: tesseract.js's worker thread inherits the node flags, and --input-type is refused there.
    const file = join(bad, "read-image.mts");
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, ["--import", "tsx", file], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      timeout: 60_000,
    });
    expect(run.status, run.stderr.slice(-2_000)).toBe(0);
    const out = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as {
      result: { ok: boolean; text?: string };
      logs: Array<{ level: string; message: string; fields?: { file?: string } }>;
    };
    expect(out.result.ok).toBe(true);
    expect(out.result.text).toMatch(/Pokemon/);
    expect(out.logs.filter((l) => l.message === "ocr language file unreadable").map((l) => l.fields?.file)).toEqual([join(bad, "eng.traineddata")]);
  }, 90_000);
});
