import { readFile, stat } from "node:fs/promises";

/**
 * An image attached to a message, as an adapter hands it to the runtime: what the platform says about it, and a way
 * to fetch its bytes. Nothing is downloaded unless the runtime decides to read it (OCR on for the chat).
 */
export interface ImageSource {
  /** Size in bytes the platform declares (checked before any download), when known. */
  declaredBytes?: number;
  /** Dimensions the platform declares, when known. */
  width?: number;
  height?: number;
  /** MIME type the platform or the sender declares (not trusted: the bytes are probed). */
  mime?: string;
  /**
   * The platform's stable id of the file's content when it has one (Telegram's `file_unique_id`), so an image seen
   * before is answered from the cache without downloading it again.
   */
  contentId?: string;
  /**
   * Downloads the image. Rejects with `ImageTooLargeError` as soon as more than `maxBytes` arrive, with any other
   * error when the download fails. The bytes are read into memory only and never stored.
   */
  fetch(maxBytes: number): Promise<Uint8Array>;
}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|bmp)$/i;

/** Whether a file sent by a user is a still image by its declared MIME type or its name (adapters' attachments). */
export function isImageFile(mime: string | null | undefined, name: string | null | undefined): boolean {
  return mime?.startsWith("image/") === true || IMAGE_NAME.test(name ?? "");
}

/** More bytes than allowed were declared or arrived. */
export class ImageTooLargeError extends Error {
  override name = "ImageTooLargeError";
  constructor(readonly limit: number) {
    super(`image exceeds ${limit} bytes`);
  }
}

/** The download of an image failed (HTTP status, network, timeout). Its message names no URL (URLs may hold tokens). */
export class ImageFetchError extends Error {
  override name = "ImageFetchError";
  constructor(readonly reason: string) {
    super(`image download failed: ${reason}`);
  }
}

/** Longest an image download may take (ms). */
export const IMAGE_FETCH_TIMEOUT_MS = 20_000;

/**
 * GETs `url` and reads at most `maxBytes` of it (a declared `content-length` above the limit is refused before the
 * body is read). Errors never carry the URL, which for Telegram contains the bot token.
 */
export async function fetchLimited(url: string, maxBytes: number, timeoutMs = IMAGE_FETCH_TIMEOUT_MS): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch (error) {
    // Only the error's class: its message and cause may name the URL (with a Telegram token in it).
    throw new ImageFetchError(error instanceof Error ? error.name : "network");
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new ImageFetchError(`HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw new ImageTooLargeError(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new ImageTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ImageTooLargeError) throw error;
    throw new ImageFetchError(error instanceof Error ? error.name : "network");
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** An image at an http(s) URL (Discord attachments, `claimbot check --image <url>`). */
export function urlImageSource(url: string, meta: Omit<ImageSource, "fetch"> = {}): ImageSource {
  return { ...meta, fetch: (maxBytes) => fetchLimited(url, maxBytes) };
}

/** An image already in memory (HTTP API). */
export function bytesImageSource(bytes: Uint8Array): ImageSource {
  return {
    declaredBytes: bytes.byteLength,
    fetch: async (maxBytes) => {
      if (bytes.byteLength > maxBytes) throw new ImageTooLargeError(maxBytes);
      return bytes;
    },
  };
}

/** An image file on disk (console `/image`, `claimbot check --image <file>`). */
export function fileImageSource(path: string): ImageSource {
  return {
    fetch: async (maxBytes) => {
      const info = await stat(path);
      if (!info.isFile()) throw new ImageFetchError("not a file");
      if (info.size > maxBytes) throw new ImageTooLargeError(maxBytes);
      return new Uint8Array(await readFile(path));
    },
  };
}
