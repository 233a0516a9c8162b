import type { IncomingMessage } from "../../runtime/types.ts";

/** Quiet time after the last message of a batch before it is checked (forwards of several messages arrive together). */
export const DM_BATCH_DEBOUNCE_MS = 800;
/** Longest time a batch may wait from its first message. */
export const DM_BATCH_MAX_WAIT_MS = 3_000;
/** Most messages in one batch; a full batch is checked at once. */
export const DM_BATCH_MAX_MESSAGES = 10;

export interface BatcherOptions {
  debounceMs?: number;
  maxWaitMs?: number;
  maxMessages?: number;
}

interface Batch {
  messages: IncomingMessage[];
  firstAt: number;
  timer: NodeJS.Timeout;
}

/**
 * Collects private-chat messages that arrive together (several forwards, an album) per chat and hands each group to
 * `flush` once, after a short quiet time. Order inside a batch follows message ids.
 */
export class DirectBatcher {
  private readonly batches = new Map<string, Batch>();
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly maxMessages: number;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flush: (messages: IncomingMessage[]) => Promise<void>,
    options: BatcherOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? DM_BATCH_DEBOUNCE_MS;
    this.maxWaitMs = options.maxWaitMs ?? DM_BATCH_MAX_WAIT_MS;
    this.maxMessages = options.maxMessages ?? DM_BATCH_MAX_MESSAGES;
  }

  /** Batches waiting. */
  get size(): number {
    return this.batches.size;
  }

  add(message: IncomingMessage): void {
    const key = message.chat.id;
    const now = Date.now();
    const batch = this.batches.get(key);
    if (batch) {
      clearTimeout(batch.timer);
      batch.messages.push(message);
      if (batch.messages.length >= this.maxMessages) {
        this.release(key);
        return;
      }
      const wait = Math.max(0, Math.min(this.debounceMs, batch.firstAt + this.maxWaitMs - now));
      batch.timer = setTimeout(() => this.release(key), wait);
      return;
    }
    this.batches.set(key, {
      messages: [message],
      firstAt: now,
      timer: setTimeout(() => this.release(key), this.debounceMs),
    });
  }

  /** Releases every waiting batch now and waits until all flushes finished (graceful shutdown). */
  async flushAll(): Promise<void> {
    for (const key of [...this.batches.keys()]) this.release(key);
    await Promise.allSettled([...this.inFlight]);
  }

  private release(key: string): void {
    const batch = this.batches.get(key);
    if (!batch) return;
    clearTimeout(batch.timer);
    this.batches.delete(key);
    const messages = batch.messages.sort((a, b) => Number(a.messageId) - Number(b.messageId));
    const run = this.flush(messages).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }
}
