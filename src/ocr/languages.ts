import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
 * never fetched: claimbot reads images offline.
 */
export function findLanguages(codes: readonly string[], langPath?: string): { found: LanguageFile[]; missing: string[] } {
  const dirs: Array<[string, LanguageFile["from"]]> = [
    ...(langPath ?? "").split(delimiter).filter(Boolean).map((d): [string, LanguageFile["from"]] => [d, "OCR_LANG_PATH"]),
    [SHIPPED_LANG_DIR, "data/ocr"],
  ];
  const found: LanguageFile[] = [];
  const missing: string[] = [];
  for (const code of codes) {
    let hit: LanguageFile | undefined;
    for (const [dir, from] of dirs) {
      const file = [`${code}.traineddata`, `${code}.traineddata.gz`].map((n) => join(dir, n)).find((f) => existsSync(f));
      if (file) {
        hit = { code, file, from };
        break;
      }
    }
    const npm = hit ? undefined : npmLanguage(code);
    if (npm) hit = { code, file: npm, from: "npm" };
    if (hit) found.push(hit);
    else missing.push(code);
  }
  return { found, missing };
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
