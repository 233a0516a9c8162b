import type { IncomingMessage } from "../../runtime/types.ts";

/** Quiet time after the last photo of an album before it is checked (Telegram sends an album as separate messages). */
export const ALBUM_DEBOUNCE_MS = 800;
/** Longest an album may wait from its first message. */
export const ALBUM_MAX_WAIT_MS = 3_000;

/** The messages of one album as one message: the first one's chat, sender and id; texts joined; images in order. */
export function mergeAlbum(messages: readonly IncomingMessage[]): IncomingMessage {
  const sorted = [...messages].sort((a, b) => Number(a.messageId) - Number(b.messageId));
  const first = sorted[0]!;
  const text = sorted.map((m) => m.post.text.trim()).filter(Boolean).join("\n\n");
  const urls = [...new Set(sorted.flatMap((m) => m.post.urls ?? []))];
  const images = sorted.flatMap((m) => m.images ?? []);
  return {
    ...first,
    post: { ...first.post, text, ...(urls.length > 0 ? { urls } : {}) },
    hasMedia: true,
    ...(images.length > 0 ? { images } : {}),
  };
}

/**
 * Collects the messages of a group album (same `media_group_id`) and hands them to `flush` once, merged, so an
 * album gets at most one reply in a group, as it does in a private chat.
 */
export class AlbumBatcher {
  private readonly albums = new Map<string, { messages: IncomingMessage[]; firstAt: number; timer: NodeJS.Timeout }>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flush: (message: IncomingMessage) => Promise<void>,
    private readonly debounceMs = ALBUM_DEBOUNCE_MS,
    private readonly maxWaitMs = ALBUM_MAX_WAIT_MS,
  ) {}

  add(albumId: string, message: IncomingMessage): void {
    const key = `${message.chat.id}:${albumId}`;
    const album = this.albums.get(key);
    const now = Date.now();
    if (!album) {
      this.albums.set(key, { messages: [message], firstAt: now, timer: setTimeout(() => this.release(key), this.debounceMs) });
      return;
    }
    clearTimeout(album.timer);
    album.messages.push(message);
    album.timer = setTimeout(() => this.release(key), Math.max(0, Math.min(this.debounceMs, album.firstAt + this.maxWaitMs - now)));
  }

  /** Releases every waiting album now and waits for them (graceful shutdown). */
  async flushAll(): Promise<void> {
    for (const key of [...this.albums.keys()]) this.release(key);
    await Promise.allSettled([...this.inFlight]);
  }

  private release(key: string): void {
    const album = this.albums.get(key);
    if (!album) return;
    clearTimeout(album.timer);
    this.albums.delete(key);
    // The flush handles its own errors; a rejection here must still never be unhandled.
    const run = this.flush(mergeAlbum(album.messages))
      .catch(() => undefined)
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }
}
