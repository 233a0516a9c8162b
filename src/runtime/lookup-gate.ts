import type { Lookup, LookupFn, Mode, Post } from "../core/lookup-types.ts";
import { chatBacklog } from "./backlog.ts";

/** Lookups of one gated caller running at once. */
export const GATED_LOOKUP_CONCURRENCY = 2;
/** While a chat adapter is behind: one gated lookup at a time, and this pause (ms) before each. */
export const GATED_LOOKUP_BACKLOG_PAUSE_MS = 10;
/** Lookups waiting for the gate; beyond it a new one is refused (`LookupBusyError`) instead of queued. */
export const GATED_LOOKUP_MAX_WAITING = 1_024;

/** The gate is full: the caller should answer "busy, retry" (HTTP 503 with Retry-After). */
export class LookupBusyError extends Error {
  override readonly name = "LookupBusyError";
  constructor(readonly waiting: number) {
    super(`${waiting} lookups are waiting`);
  }
}

export interface LookupGate {
  /** The gated lookup; `onStart` is called when it leaves the queue (to time the lookup without the wait). */
  lookup(post: Post, mode: Mode, onStart?: () => void): Promise<Lookup>;
  /** Lookups waiting for a slot. */
  readonly waiting: number;
  /** Lookups running. */
  readonly running: number;
}

/**
 * Runs the lookups of one caller (the HTTP API) at most `concurrency` at a time, each started in a turn of its own
 * of the event loop (`setImmediate`), so a crowd of HTTP clients cannot starve the bots in the same process.
 *
 * Why: a lookup is mostly synchronous CPU (SQLite, reranking). Sixty-four HTTP requests arriving together used to
 * run sixty-four lookups back to back before the event loop looked at anything else; Telegram's long poll (one
 * `getUpdates` at a time) then waited that long for every batch, and at 1,000 updates/s the bot fell tens of
 * seconds behind (the soak, docs/reliability.md). With the gate, I/O is polled between any two gated lookups; the
 * HTTP clients wait in this queue instead, which costs no CPU. At most `maxWaiting` wait; more are refused.
 *
 * While a chat adapter says it is behind (`behind`, default: the process's `chatBacklog`), the gate runs one
 * lookup at a time with a pause of `backlogPauseMs` before each: the HTTP API keeps being served, slower, and the
 * rest of the CPU goes to the chats until they have caught up.
 */
export function gateLookup(
  lookup: LookupFn,
  options: { concurrency?: number; maxWaiting?: number; behind?: () => boolean; backlogPauseMs?: number } = {},
): LookupGate {
  const concurrency = Math.max(1, options.concurrency ?? GATED_LOOKUP_CONCURRENCY);
  const maxWaiting = options.maxWaiting ?? GATED_LOOKUP_MAX_WAITING;
  const behind = options.behind ?? (() => chatBacklog.behind);
  const pauseMs = options.backlogPauseMs ?? GATED_LOOKUP_BACKLOG_PAUSE_MS;
  const queue: Array<() => void> = [];
  let running = 0;

  const release = () => {
    running--;
    next();
  };
  function next(): void {
    const yielding = behind();
    while (running < (yielding ? 1 : concurrency) && queue.length > 0) {
      running++;
      const start = queue.shift()!;
      // A turn of its own: pending I/O (a poll's answer, a webhook request) is handled before this lookup runs.
      if (yielding) setTimeout(start, pauseMs);
      else setImmediate(start);
    }
  }

  return {
    lookup(post: Post, mode: Mode, onStart?: () => void): Promise<Lookup> {
      if (queue.length >= maxWaiting) return Promise.reject(new LookupBusyError(queue.length));
      return new Promise<Lookup>((resolve, reject) => {
        queue.push(() => {
          let result: Promise<Lookup>;
          try {
            onStart?.();
            result = lookup(post, mode);
          } catch (error) {
            result = Promise.reject(error);
          }
          result.then(resolve, reject).finally(release);
        });
        next();
      });
    },
    get waiting() {
      return queue.length;
    },
    get running() {
      return running;
    },
  };
}
