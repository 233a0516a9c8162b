/**
 * The OCR part of `npm run bench`: time per image (p50/p95) on a small and a large screenshot and on the Korean card,
 * engine start, images per second with the pool busy (one engine per core) and the peak RSS of that process. Runs in
 * a child process of its own (forked by run.ts) so its RSS is the OCR's alone. Needs only the committed fixtures.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { silentLogger } from "../core/logger.ts";
import { createTesseractOcr } from "../ocr/tesseract-ocr.ts";
import { summarize, type LatencySummary } from "./stats.ts";

const FIXTURES = new URL("../../test/fixtures/ocr/", import.meta.url);

export interface OcrBenchOptions {
  /** Timed reads per image kind (after one untimed warm-up read). */
  iterations: number;
  /** Engines in the busy-pool run (default: the machine's cores). */
  workers?: number;
  /** Images read in the busy-pool run. */
  burst: number;
}

export interface OcrImageFigures {
  file: string;
  bytes: number;
  width: number;
  height: number;
  latency: LatencySummary;
  /** Characters read (a check that the figures are for a real read). */
  textChars: number;
}

/** The OCR figures of one run; part of bench.json (`ocr`). Keys are stable. */
export interface OcrBenchReport {
  languages: string[];
  /** Engine start (WebAssembly + eng+kor traineddata), one engine alone, ms. */
  engineStartMs: number;
  small: OcrImageFigures;
  large: OcrImageFigures;
  korean: OcrImageFigures;
  busy: {
    workers: number;
    images: number;
    seconds: number;
    imagesPerSecond: number;
    imagesPerSecondPerCore: number;
    /** Peak RSS of the process (main thread + every engine thread) with the pool busy, MiB. */
    peakRssMiB: number;
    /** RSS before any engine started, MiB. */
    baseRssMiB: number;
  };
}

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

function dims(bytes: Uint8Array): { width: number; height: number } {
  // PNG IHDR: width and height at bytes 16 and 20 (the fixtures are PNGs).
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Measures the OCR in this process. */
export async function measureOcr(options: OcrBenchOptions): Promise<OcrBenchReport> {
  const baseRssMiB = process.memoryUsage().rss / 1024 ** 2;
  const limits = { maxPixels: 25_000_000, maxBytes: 20_000_000, timeoutMs: 120_000, logger: silentLogger, languages: "eng+kor" };
  const one = createTesseractOcr({ ...limits, workers: 1 });
  const started = performance.now();
  await one.warm();
  const engineStartMs = performance.now() - started;

  const timed = async (file: string): Promise<OcrImageFigures> => {
    const bytes = fixture(file);
    const first = await one.read(bytes);
    const samples: number[] = [];
    for (let i = 0; i < options.iterations; i++) {
      const t0 = performance.now();
      await one.read(bytes);
      samples.push(performance.now() - t0);
    }
    return { file, bytes: bytes.byteLength, ...dims(bytes), latency: summarize(samples), textChars: first.ok ? first.text.length : 0 };
  };
  const small = await timed("en-screenshot.png");
  const large = await timed("en-large.png");
  const korean = await timed("ko-card.png");
  await one.close();

  const workers = options.workers ?? cpus().length;
  const pool = createTesseractOcr({ ...limits, workers });
  await pool.warm();
  const images = [fixture("en-screenshot.png"), fixture("ko-card.png")];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: options.burst }, (_, i) => pool.read(images[i % images.length]!)));
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  await pool.close();
  return {
    languages: pool.languages.slice(),
    engineStartMs,
    small,
    large,
    korean,
    busy: {
      workers,
      images: options.burst,
      seconds,
      imagesPerSecond: options.burst / seconds,
      imagesPerSecondPerCore: options.burst / seconds / Math.min(workers, cpus().length),
      peakRssMiB,
      baseRssMiB,
    },
  };
}

const f = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits });

/** The OCR section of bench.md. */
export function renderOcrMarkdown(r: OcrBenchReport): string {
  const line = (label: string, x: OcrImageFigures) =>
    `| ${label} | ${x.file} (${x.width} × ${x.height}, ${f(x.bytes / 1024)} KiB) | ${f(x.latency.p50)} ms | ${f(x.latency.p95)} ms | ${x.latency.count} | ${x.textChars} |`;
  return [
    "### OCR (tesseract.js, `" + r.languages.join("+") + "`)",
    "",
    "| image | file | p50 | p95 | reads | characters read |",
    "|---|---|---:|---:|---:|---:|",
    line("small screenshot", r.small),
    line("large screenshot", r.large),
    line("Korean card", r.korean),
    "",
    `- engine start (WebAssembly + ${r.languages.join("+")} traineddata, one engine): ${f(r.engineStartMs)} ms`,
    `- pool busy: ${r.busy.workers} engines, ${r.busy.images} images (small English + Korean card) in ${f(r.busy.seconds, 1)} s = ` +
      `${f(r.busy.imagesPerSecond, 1)} images/s, **${f(r.busy.imagesPerSecondPerCore, 1)} images/s per core**`,
    `- peak RSS with the pool busy: ${f(r.busy.peakRssMiB)} MiB (process before any engine: ${f(r.busy.baseRssMiB)} MiB)`,
    "",
  ].join("\n");
}

// Run as a child of run.ts: options in argv[2], the report back over IPC.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.send) {
  const options = JSON.parse(process.argv[2] ?? "{}") as OcrBenchOptions;
  measureOcr(options).then(
    (report) => process.send!({ type: "result", data: report }, () => process.exit(0)),
    (error: unknown) => process.send!({ type: "error", name: (error as Error).name, message: (error as Error).message }, () => process.exit(1)),
  );
}
