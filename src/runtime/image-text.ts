import { createHash } from "node:crypto";
import type { Logger } from "../core/logger.ts";
import { LruMap } from "../core/lru.ts";
import type { Lookup, Post } from "../core/lookup-types.ts";
import type { ImageProblem, Ocr, OcrResult } from "../core/ocr.ts";
import { ImageTooLargeError, type ImageSource } from "./image-source.ts";

/** Images of one message (an album) read at most; the rest are ignored. */
export const MAX_IMAGES_PER_MESSAGE = 4;
/** OCR results kept in memory, keyed by the SHA-256 of the image bytes (a viral image is read once). */
export const OCR_CACHE_ENTRIES = 2_000;
/** How long a cached lookup of an image stays valid (ms): the index may change. */
export const IMAGE_LOOKUP_TTL_MS = 10 * 60_000;

/** Problems that depend on the bytes only: cached like a text. Timeouts, downloads and a stopped engine are not. */
const DETERMINISTIC: ReadonlySet<ImageProblem> = new Set(["empty", "not-an-image", "truncated", "animated", "too-many-pixels", "unreadable"]);

/** What the images of a message gave. */
export interface ImagesRead {
  /** The texts read, one block per image, in order; "" when none had text. */
  text: string;
  /** Mean confidence (0..100) of the images with text. */
  confidence: number;
  /** Key of this set of images: SHA-256 over the images' hashes (hex, 32 chars). Never the bytes. */
  key: string;
  /** Images whose text was read (possibly empty). */
  read: number;
  /** Images that could not be read, by problem. */
  problems: ImageProblem[];
}

export interface ImageReaderDeps {
  ocr: Ocr;
  /** Largest image downloaded (bytes). */
  maxBytes: number;
  logger: Logger;
  cacheEntries?: number;
  now?: () => number;
}

/**
 * Reads the text of a message's images through the OCR port: the declared size is checked before downloading, the
 * download is capped, each image is keyed by the SHA-256 of its bytes and its result cached (so the same forwarded
 * image is read once, whatever chat it comes from). Bytes live in memory for the duration of one read only; logs carry
 * sizes, hashes and problems, never text or bytes.
 */
export function createImageReader(deps: ImageReaderDeps) {
  const logger = deps.logger.child({ component: "images" });
  const now = deps.now ?? Date.now;
  const results = new LruMap<string, OcrResult>(deps.cacheEntries ?? OCR_CACHE_ENTRIES);
  const lookups = new LruMap<string, { lookup: Lookup; at: number }>(deps.cacheEntries ?? OCR_CACHE_ENTRIES);
  /** Platform content id (Telegram `file_unique_id`) → SHA-256 of the bytes seen under it. */
  const hashOfContent = new LruMap<string, string>(deps.cacheEntries ?? OCR_CACHE_ENTRIES);
  const stats = { images: 0, cacheHits: 0, downloads: 0 };

  async function readOne(source: ImageSource): Promise<{ hash: string; result: OcrResult }> {
    if (source.declaredBytes !== undefined && source.declaredBytes > deps.maxBytes) {
      return { hash: "declared-too-large", result: { ok: false, problem: "too-large" } };
    }
    const known = source.contentId ? hashOfContent.get(source.contentId) : undefined;
    const seen = known ? results.get(known) : undefined;
    if (known && seen) {
      stats.cacheHits++;
      return { hash: known, result: seen.ok ? { ...seen, tookMs: 0 } : seen };
    }
    let bytes: Uint8Array;
    try {
      stats.downloads++;
      bytes = await source.fetch(deps.maxBytes);
    } catch (error) {
      const problem: ImageProblem = error instanceof ImageTooLargeError ? "too-large" : "fetch-failed";
      logger.info("image fetch failed", { problem, err: error instanceof Error ? error.name : "unknown" });
      return { hash: `fetch-${problem}`, result: { ok: false, problem } };
    }
    const hash = createHash("sha256").update(bytes).digest("hex");
    if (source.contentId) hashOfContent.set(source.contentId, hash);
    const cached = results.get(hash);
    if (cached) {
      stats.cacheHits++;
      return { hash, result: cached.ok ? { ...cached, tookMs: 0 } : cached };
    }
    const result = await deps.ocr.read(bytes);
    stats.images++;
    if (result.ok || DETERMINISTIC.has(result.problem)) results.set(hash, result);
    logger.info("image read", {
      bytes: bytes.byteLength,
      hash: hash.slice(0, 12),
      ...(result.ok ? { textLength: result.text.length, confidence: result.confidence, tookMs: result.tookMs } : { problem: result.problem }),
    });
    return { hash, result };
  }

  return {
    stats,
    /** Reads up to `MAX_IMAGES_PER_MESSAGE` images, one after the other (the OCR pool bounds the CPU anyway). */
    async read(images: readonly ImageSource[]): Promise<ImagesRead> {
      const texts: string[] = [];
      const hashes: string[] = [];
      const problems: ImageProblem[] = [];
      let read = 0;
      let confidence = 0;
      for (const source of images.slice(0, MAX_IMAGES_PER_MESSAGE)) {
        const { hash, result } = await readOne(source);
        hashes.push(hash);
        if (!result.ok) {
          problems.push(result.problem);
          continue;
        }
        read++;
        if (result.text) {
          texts.push(result.text);
          confidence += result.confidence;
        }
      }
      const key = createHash("sha256").update(hashes.join(",")).digest("hex").slice(0, 32);
      return { text: texts.join("\n\n"), confidence: texts.length ? Math.round(confidence / texts.length) : 0, key, read, problems };
    },
    /**
     * The lookup of a post built from images, cached under the images' key (plus caption and mode) for
     * `IMAGE_LOOKUP_TTL_MS`; `rejected` lookups (index down) are not cached.
     */
    async lookup(key: string, post: Post, mode: string, run: () => Promise<Lookup>): Promise<Lookup> {
      const caption = createHash("sha256").update(post.text).digest("hex").slice(0, 16);
      const id = `${mode}:${key}:${caption}`;
      const hit = lookups.get(id);
      if (hit && now() - hit.at < IMAGE_LOOKUP_TTL_MS) return hit.lookup;
      const lookup = await run();
      if (lookup.outcome !== "rejected") lookups.set(id, { lookup, at: now() });
      return lookup;
    },
  };
}

export type ImageReader = ReturnType<typeof createImageReader>;

/** The post to look up: the caption (if any), then the text read from the images. */
export function postWithImageText(post: Post, read: ImagesRead): Post {
  const text = [post.text.trim(), read.text].filter(Boolean).join("\n\n");
  return { ...post, text };
}
