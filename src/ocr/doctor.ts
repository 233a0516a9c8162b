import type { Config } from "../config.ts";
import type { DoctorCheck } from "../search/meilisearch-doctor.ts";
import { findLanguages, parseLanguages } from "./languages.ts";

/**
 * `claimbot doctor`'s OCR line: which languages every engine will load and from where, and for each missing one
 * where to put it. Starts no engine.
 */
export function ocrChecks(config: Pick<Config, "OCR_ENABLED" | "OCR_LANGS" | "OCR_LANG_PATH" | "OCR_WORKERS">): DoctorCheck[] {
  if (!config.OCR_ENABLED) return [{ name: "ocr", status: "ok", detail: "off (OCR_ENABLED=false): images are not read" }];
  const { found, missing, unreadable } = findLanguages(parseLanguages(config.OCR_LANGS), config.OCR_LANG_PATH);
  const checks: DoctorCheck[] = [
    {
      name: "ocr",
      status: "ok",
      detail: `${config.OCR_WORKERS} engine(s), languages ${found.map((f) => `${f.code} (${f.from})`).join(", ")}`,
    },
  ];
  for (const code of missing) {
    checks.push({
      name: `ocr language ${code}`,
      status: "warn",
      detail: `${code}.traineddata not found in OCR_LANG_PATH, data/ocr/ or @tesseract.js-data/${code}; images are read without it`,
      fix: `apt-get install tesseract-ocr-${code.replace("_", "-")} and set OCR_LANG_PATH=/usr/share/tesseract-ocr/5/tessdata, or put ${code}.traineddata (tessdata_fast) in a folder named by OCR_LANG_PATH`,
    });
  }
  for (const file of unreadable) {
    checks.push({
      name: "ocr language file",
      status: "warn",
      detail: `${file} is not a tesseract traineddata file; it is skipped`,
      fix: "replace it with a .traineddata file from tessdata_fast or tessdata_best, or remove it",
    });
  }
  return checks;
}
