import { closeSync, copyFileSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { constants as zlib, gunzipSync } from "node:zlib";

/** The traineddata shipped with claimbot (Korean, tessdata_fast; see data/README.md). */
export const SHIPPED_LANG_DIR = fileURLToPath(new URL("../../data/ocr/", import.meta.url));

/** Where one language's traineddata was found. */
export interface LanguageFile {
  code: string;
  /** `<code>.traineddata` or `<code>.traineddata.gz` (tesseract.js recognises gzip by its magic bytes). */
  file: string;
  from: "OCR_LANG_PATH" | "data/ocr" | "npm";
}

const CODE = /^[a-z]{3}(_[a-z]+)?$/i;

/** Most entries a traineddata file's table holds (tesseract 4/5 write 24). */
const MAX_TESSDATA_ENTRIES = 64;

/**
 * True when `file` starts like a tesseract traineddata file (`.gz` ones are unpacked as far as the header): an entry
 * count of 1–64, then one 64-bit offset per entry, each -1 (absent) or inside the file and after the table, in
 * order. tesseract.js does not survive a file that is not one: its engine fails to start and a stray message of its
 * worker throws in tesseract.js's own listener, an uncaught exception that takes the whole process down (issue 13,
 * reproduced with random bytes as `eng.traineddata` in OCR_LANG_PATH). Such a file is treated as absent.
 */
export function looksLikeTraineddata(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const head = Buffer.alloc(64 * 1024);
    const read = readSync(fd, head, 0, head.length, 0);
    let size = fstatSync(fd).size;
    let bytes = head.subarray(0, read);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      // gzip: the uncompressed size is the last 4 bytes (mod 2^32, enough for these files).
      const tail = Buffer.alloc(4);
      readSync(fd, tail, 0, 4, size - 4);
      size = tail.readUInt32LE(0);
      bytes = gunzipSync(bytes, { finishFlush: zlib.Z_SYNC_FLUSH });
    }
    if (bytes.length < 4) return false;
    const entries = bytes.readInt32LE(0);
    if (entries < 1 || entries > MAX_TESSDATA_ENTRIES || bytes.length < 4 + entries * 8) return false;
    const tableEnd = 4 + entries * 8;
    let last = tableEnd;
    let present = 0;
    for (let i = 0; i < entries; i++) {
      const offset = Number(bytes.readBigInt64LE(4 + i * 8));
      if (offset === -1) continue;
      if (offset < last || offset >= size) return false;
      last = offset;
      present++;
    }
    return present > 0;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The languages of `OCR_LANGS` (`eng+kor`, `eng,kor` or `eng kor`), English always first. */
export function parseLanguages(spec: string | undefined): string[] {
  const codes = (spec ?? "").split(/[+,\s]+/).map((c) => c.trim()).filter((c) => CODE.test(c));
  return ["eng", ...codes.filter((c) => c !== "eng")].filter((c, i, all) => all.indexOf(c) === i);
}

function npmLanguage(code: string): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve(`@tesseract.js-data/${code}/package.json`);
    // The LSTM-only "best_int" model is what the LSTM engine uses; the other folder adds the legacy model.
    for (const folder of ["4.0.0_best_int", "4.0.0"]) {
      const file = join(dirname(pkg), folder, `${code}.traineddata.gz`);
      if (existsSync(file)) return file;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Finds the traineddata of each language: first in the folders of `langPath` (OCR_LANG_PATH, separated like PATH),
 * then in data/ocr/ (shipped), then in the npm package `@tesseract.js-data/<code>`. Missing languages are listed,
 * never fetched: claimbot reads images offline. A file that is not a traineddata file (`looksLikeTraineddata`) is
 * skipped for the next place and listed in `unreadable`.
 */
export function findLanguages(
  codes: readonly string[],
  langPath?: string,
): { found: LanguageFile[]; missing: string[]; unreadable: string[] } {
  const dirs: Array<[string, LanguageFile["from"]]> = [
    ...(langPath ?? "").split(delimiter).filter(Boolean).map((d): [string, LanguageFile["from"]] => [d, "OCR_LANG_PATH"]),
    [SHIPPED_LANG_DIR, "data/ocr"],
  ];
  const found: LanguageFile[] = [];
  const missing: string[] = [];
  const unreadable: string[] = [];
  const usable = (file: string) => {
    if (looksLikeTraineddata(file)) return true;
    unreadable.push(file);
    return false;
  };
  for (const code of codes) {
    let hit: LanguageFile | undefined;
    for (const [dir, from] of dirs) {
      const file = [`${code}.traineddata`, `${code}.traineddata.gz`].map((n) => join(dir, n)).find((f) => existsSync(f) && usable(f));
      if (file) {
        hit = { code, file, from };
        break;
      }
    }
    const npm = hit ? undefined : npmLanguage(code);
    if (npm && usable(npm)) hit = { code, file: npm, from: "npm" };
    if (hit) found.push(hit);
    else missing.push(code);
  }
  return { found, missing, unreadable };
}

/**
 * One folder holding every language as `<code>.traineddata` (tesseract.js takes a single `langPath`), made of
 * symbolic links (copies where links are not allowed) in the system's temporary folder. `remove` deletes it.
 */
export function languageFolder(files: readonly LanguageFile[]): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "claimbot-ocr-"));
  for (const { code, file } of files) {
    const target = join(dir, `${code}.traineddata`);
    try {
      symlinkSync(file, target);
    } catch {
      copyFileSync(file, target);
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
