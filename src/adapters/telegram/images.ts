import { z } from "zod";
import { fetchLimited, fileImageSource, ImageFetchError, isImageFile, type ImageSource } from "../../runtime/image-source.ts";
import type { ApiCall } from "./delivery.ts";
import type { TgInnerMessage } from "./schemas.ts";

/** Bots can download files up to this size through the Bot API (`getFile`); a self-hosted Bot API has no limit. */
export const TELEGRAM_BOT_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** Which photo size to take: the largest that fits both limits. */
export interface TelegramImageLimits {
  maxBytes: number;
  maxPixels: number;
}
export const DEFAULT_TELEGRAM_IMAGE_LIMITS: TelegramImageLimits = { maxBytes: 10 * 1024 * 1024, maxPixels: 25_000_000 };

const PhotoSizeSchema = z.object({
  file_id: z.string().min(1),
  file_unique_id: z.string().min(1).optional(),
  width: z.number().int().min(0),
  height: z.number().int().min(0),
  file_size: z.number().int().min(0).optional(),
});
type PhotoSize = z.output<typeof PhotoSizeSchema>;
/** A message's `photo`: built once, not per message. */
const PhotoSizesSchema = z.array(PhotoSizeSchema);

const DocumentSchema = z.object({
  file_id: z.string().min(1),
  file_unique_id: z.string().min(1).optional(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().int().min(0).optional(),
  thumbnail: PhotoSizeSchema.optional().catch(undefined),
});

/** Downloads a file by id through the Bot API: `getFile`, then `GET {apiRoot}/file/bot<token>/<file_path>`. */
export type TelegramFiles = (fileId: string, maxBytes: number) => Promise<Uint8Array>;

/**
 * File downloads through the Bot API at `apiRoot` (honours `TELEGRAM_API_ROOT`, so a self-hosted Bot API or the
 * loopback fake serves them; a `--local` Bot API server's absolute paths are read from disk). The URL holds the
 * token: it is never logged and never put in an error.
 */
export function telegramFiles(call: ApiCall, apiRoot: string, token: string): TelegramFiles {
  const root = apiRoot.replace(/\/+$/, "");
  return async (fileId, maxBytes) => {
    const file = (await call("getFile", { file_id: fileId })) as { file_path?: unknown; file_size?: unknown } | null;
    const path = typeof file?.file_path === "string" ? file.file_path : undefined;
    if (!path) throw new ImageFetchError("getFile gave no file_path");
    // A self-hosted Bot API server in --local mode answers an absolute path on this machine: read it from disk.
    if (path.startsWith("/")) return fileImageSource(path).fetch(maxBytes);
    return fetchLimited(`${root}/file/bot${token}/${path.split("/").map(encodeURIComponent).join("/")}`, maxBytes);
  };
}

/** The largest photo size within both limits; when none fits, the smallest (its size makes the reply say why). */
export function pickPhotoSize(sizes: readonly PhotoSize[], limits: TelegramImageLimits): PhotoSize | undefined {
  const maxBytes = Math.min(limits.maxBytes, TELEGRAM_BOT_DOWNLOAD_LIMIT_BYTES);
  const byArea = [...sizes].sort((a, b) => a.width * a.height - b.width * b.height);
  const fitting = byArea.filter((s) => (s.file_size ?? 0) <= maxBytes && s.width * s.height <= limits.maxPixels);
  return fitting.at(-1) ?? byArea[0];
}

/**
 * The still images of a message: its photo (one size, see `pickPhotoSize`) and an image sent as a file (document with
 * an image MIME type or name). Animations (GIFs arrive as MP4), videos and stickers are not images here.
 */
export function telegramImages(message: TgInnerMessage, files: TelegramFiles, limits: TelegramImageLimits = DEFAULT_TELEGRAM_IMAGE_LIMITS): ImageSource[] {
  const images: ImageSource[] = [];
  const photo = PhotoSizesSchema.safeParse(message.photo);
  if (photo.success) {
    const size = pickPhotoSize(photo.data, limits);
    if (size) {
      images.push({
        ...(size.file_size !== undefined ? { declaredBytes: size.file_size } : {}),
        width: size.width,
        height: size.height,
        mime: "image/jpeg",
        ...(size.file_unique_id ? { contentId: `telegram:${size.file_unique_id}` } : {}),
        fetch: (maxBytes) => files(size.file_id, maxBytes),
      });
    }
  }
  const document = DocumentSchema.safeParse(message.document);
  if (document.success && message.animation === undefined) {
    const doc = document.data;
    if (isImageFile(doc.mime_type, doc.file_name)) {
      images.push({
        ...(doc.file_size !== undefined ? { declaredBytes: doc.file_size } : {}),
        ...(doc.mime_type ? { mime: doc.mime_type } : {}),
        ...(doc.file_unique_id ? { contentId: `telegram:${doc.file_unique_id}` } : {}),
        fetch: (maxBytes) => files(doc.file_id, maxBytes),
      });
    }
  }
  return images;
}
