import { createWorker, OEM } from "tesseract.js";
import type { Logger } from "../core/logger.ts";
import type { Ocr, OcrResult } from "../core/ocr.ts";
import { EngineCrashedError, EnginePool, type EngineWord, type OcrEngine } from "./engine-pool.ts";
import { probeImage } from "./image-probe.ts";
import { findLanguages, languageFolder, parseLanguages } from "./languages.ts";
import { scriptLanguage, wordsToText } from "./ocr-text.ts";

export interface TesseractOcrOptions {
  /** `OCR_LANGS`, e.g. `eng+kor` (English is always added). */
  languages: string;
  /** `OCR_LANG_PATH`: extra folders with `<code>.traineddata`. */
  langPath?: string | undefined;
  /** Engines (threads) in the pool. */
  workers: number;
  /** Deadline per image (ms). */
  timeoutMs: number;
  /** Width × height above this is refused before decoding. */
  maxPixels: number;
  /** Bytes above this are refused before decoding. */
  maxBytes: number;
  logger: Logger;
}

/** The tesseract.js implementation with its pool's figures (bench, metrics). */
export interface TesseractOcr extends Ocr {
  /** Languages loaded into every engine (`eng`, `kor`, …). */
  readonly languages: readonly string[];
  readonly pool: EnginePool;
  /** Starts the engines now. */
  warm(): Promise<void>;
}

interface TesseractWord {
  text: string;
  confidence: number;
}
interface TesseractLine {
  words: TesseractWord[];
}
interface TesseractBlock {
  paragraphs: Array<{ lines: TesseractLine[] }>;
}

function wordsOf(blocks: readonly TesseractBlock[] | null | undefined): EngineWord[] {
  const words: EngineWord[] = [];
  let line = 0;
  for (const block of blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const l of paragraph.lines) {
        for (const w of l.words) words.push({ text: w.text, confidence: w.confidence, line });
        line++;
      }
    }
  }
  return words;
}

/**
 * OCR on tesseract.js (WebAssembly, offline): English from the npm package `@tesseract.js-data/eng`, Korean from
 * data/ocr/, more from `OCR_LANG_PATH`. Every image is probed first (size, format, animation, pixel cap); engines
 * start on the first image; each image has a deadline after which its engine is killed and replaced.
 */
export function createTesseractOcr(options: TesseractOcrOptions): TesseractOcr {
  const logger = options.logger.child({ component: "ocr" });
  const wanted = parseLanguages(options.languages);
  const { found, missing, unreadable } = findLanguages(wanted, options.langPath);
  for (const file of unreadable) {
    logger.error("ocr language file unreadable", { file, fix: "replace it with a tesseract .traineddata file (tessdata_fast or tessdata_best); it is skipped" });
  }
  for (const code of missing) {
    logger.warn("ocr language not found", {
      language: code,
      fix: `put ${code}.traineddata (tessdata_fast or tessdata_best) in a folder named by OCR_LANG_PATH, or npm install @tesseract.js-data/${code}`,
    });
  }
  const languages = found.map((f) => f.code);
  let folder: { dir: string; remove(): void } | undefined;
  const folderOf = () => (folder ??= languageFolder(found));

  const createEngine = async (): Promise<OcrEngine> => {
    const worker = await createWorker(languages.join("+"), OEM.LSTM_ONLY, {
      langPath: folderOf().dir,
      gzip: false,
      // Never write traineddata into the working directory (tesseract.js caches there by default).
      cacheMethod: "none",
      // Without a handler, tesseract.js throws a job's failure from its message listener (an uncaught exception).
      errorHandler: () => undefined,
    });
    // tesseract.js sets `onerror` on its Node Worker, which Node never calls: without an 'error' listener, a crash of
    // the engine's thread (a WebAssembly abort) would be an uncaught 'error' event and take the bot down.
    const thread = (worker as unknown as { worker?: { on?(event: string, listener: (error: unknown) => void): void } }).worker;
    let crash: (error: EngineCrashedError) => void = () => undefined;
    const crashed = new Promise<never>((_, reject) => (crash = reject));
    crashed.catch(() => undefined);
    thread?.on?.("error", (error) => {
      logger.error("ocr engine thread crashed", { err: error instanceof Error ? error.name : "unknown" });
      crash(new EngineCrashedError());
    });
    return {
      async recognize(image) {
        const job = worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: false, blocks: true });
        const result = await Promise.race([job, crashed]);
        return wordsOf(result.data.blocks as TesseractBlock[] | null);
      },
      terminate: () => worker.terminate().then(() => undefined),
    };
  };
  const pool = new EnginePool({
    size: options.workers,
    timeoutMs: options.timeoutMs,
    createEngine,
    onStartFailure: (error) =>
      logger.error("ocr engine failed to start", {
        err: error instanceof Error ? error.name : "unknown",
        effect: "this image is not read; the next image starts a new engine",
        fix: "check the traineddata files (claimbot doctor) and the memory available to the process",
      }),
  });
  let closed = false;

  return {
    languages,
    pool,
    warm: () => pool.warm(),
    async read(image: Uint8Array): Promise<OcrResult> {
      if (closed) return { ok: false, problem: "unavailable" };
      if (image.byteLength > options.maxBytes) return { ok: false, problem: "too-large" };
      const probe = probeImage(image, options.maxPixels);
      if (!probe.ok) return probe;
      const result = await pool.run(image);
      if (!result.ok) {
        if (result.problem === "timeout") logger.warn("ocr timeout, engine restarted", { format: probe.format, pixels: probe.width * probe.height });
        return { ok: false, problem: result.problem === "busy" ? "unavailable" : result.problem };
      }
      const { text, confidence } = wordsToText(result.words);
      return { ok: true, text, confidence, language: scriptLanguage(text), tookMs: result.tookMs };
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.close();
      folder?.remove();
    },
  };
}
