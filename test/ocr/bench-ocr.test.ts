import { describe, expect, it } from "vitest";
import { renderOcrMarkdown, type OcrBenchReport } from "../../src/bench/ocr.ts";

const figures = (file: string, p50: number) => ({
  file,
  bytes: 59_000,
  width: 900,
  height: 320,
  latency: { count: 20, p50, p95: p50 * 1.5, p99: p50 * 2, mean: p50, max: p50 * 2 },
  textChars: 125,
});

describe("OCR bench report", () => {
  it("renders p50/p95 per image, engine start, per-core throughput and peak RSS", () => {
    const report: OcrBenchReport = {
      languages: ["eng", "kor"],
      engineStartMs: 1448,
      small: figures("en-screenshot.png", 325),
      large: figures("en-large.png", 2983),
      korean: figures("ko-card.png", 147),
      busy: { workers: 2, images: 40, seconds: 13.8, imagesPerSecond: 2.9, imagesPerSecondPerCore: 1.45, peakRssMiB: 260, baseRssMiB: 79 },
    };
    const md = renderOcrMarkdown(report);
    expect(md).toContain("tesseract.js, `eng+kor`");
    expect(md).toContain("| small screenshot | en-screenshot.png (900 × 320, 58 KiB) | 325 ms | 488 ms | 20 | 125 |");
    expect(md).toContain("| large screenshot | en-large.png (900 × 320, 58 KiB) | 2,983 ms |");
    expect(md).toContain("engine start (WebAssembly + eng+kor traineddata, one engine): 1,448 ms");
    expect(md).toContain("**1.5 images/s per core**");
    expect(md).toContain("peak RSS with the pool busy: 260 MiB");
  });
});
