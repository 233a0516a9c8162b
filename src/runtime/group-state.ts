import { RATE_WINDOW_MS, type RateState } from "./group-policy.ts";

/** Cooldown entries kept in memory before old ones are pruned. */
const COOLDOWN_PRUNE_AT = 10_000;

function insertSorted(times: number[], value: number): void {
  let i = times.length;
  while (i > 0 && times[i - 1]! > value) i--;
  times.splice(i, 0, value);
}

/**
 * The mutable state the pure group policy reads: last act per (chat, fact-check) for the cooldown, act times in the
 * rate window per chat and overall (future times = slots reserved by queued decisions), and the queue length.
 * In memory: a restart forgets cooldowns, which errs on the side of one more reply.
 */
export class GroupState {
  readonly cooldown = new Map<string, number>();
  private readonly perChat = new Map<string, number[]>();
  private readonly global: number[] = [];
  queued = 0;

  rate(): RateState {
    return { perChat: this.perChat, global: this.global, queued: this.queued };
  }

  /** Records an act of `chat` at `at` (now, or a future slot for a queued decision). */
  reserve(chat: string, at: number, now: number): void {
    const cutoff = now - RATE_WINDOW_MS;
    const times = (this.perChat.get(chat) ?? []).filter((x) => x > cutoff);
    insertSorted(times, at);
    this.perChat.set(chat, times);
    while (this.global.length > 0 && this.global[0]! <= cutoff) this.global.shift();
    insertSorted(this.global, at);
  }

  /** Forgets cooldowns older than `maxAgeMs` and idle chats, once the maps grow large. */
  prune(maxAgeMs: number, now: number): void {
    if (this.cooldown.size < COOLDOWN_PRUNE_AT && this.perChat.size < COOLDOWN_PRUNE_AT) return;
    for (const [key, time] of this.cooldown) if (time < now - maxAgeMs) this.cooldown.delete(key);
    for (const [key, times] of this.perChat) if ((times[times.length - 1] ?? 0) < now - RATE_WINDOW_MS) this.perChat.delete(key);
  }
}
