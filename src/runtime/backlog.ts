/**
 * Whether a chat adapter of this process is behind its platform (updates waiting to be fetched or handled). The
 * Telegram adapter marks it when a poll comes back full or a message is seconds old when its turn comes; the HTTP
 * API's lookups yield to it (`gateLookup`), so people in chats are answered first when the CPU does not suffice for
 * everything. One per process, like the event loop it describes.
 */
export class BacklogSignal {
  private until = 0;
  private marks = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The adapter is behind: the signal holds for `holdMs` from now (renewed while the adapter stays behind). */
  mark(holdMs: number = BACKLOG_HOLD_MS): void {
    this.marks++;
    this.until = Math.max(this.until, this.now() + holdMs);
  }

  get behind(): boolean {
    return this.now() < this.until;
  }

  /** Times `mark` was called (metrics, tests). */
  get count(): number {
    return this.marks;
  }
}

/** How long one mark holds (ms): a few polls, so the signal does not flicker between two full batches. */
export const BACKLOG_HOLD_MS = 2_000;

/** The process's signal (the Telegram adapter marks it, the HTTP API's lookup gate reads it). */
export const chatBacklog = new BacklogSignal();
