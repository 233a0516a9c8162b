import type { Logger } from "../../core/logger.ts";

/**
 * Telegram's sending limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this) and
 * the queue's own bounds. Every duration is in milliseconds, so tests can scale them down.
 */
export interface DeliveryLimits {
  /** Least time between two messages to the same chat (about 1 per second). */
  perChatIntervalMs: number;
  /** At most `groupMaxPerWindow` messages to one group per `groupWindowMs` (20 per minute). */
  groupWindowMs: number;
  groupMaxPerWindow: number;
  /** At most `globalMaxPerWindow` messages overall per `globalWindowMs` (30 per second). */
  globalWindowMs: number;
  globalMaxPerWindow: number;
  /** Most messages waiting; beyond it new ones are refused (the queue never grows without bound). */
  maxQueue: number;
  /** Most requests on the wire at once (different chats; one chat is always sent in order). */
  maxInFlight: number;
  /** Tries per message for network errors and 5xx answers. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Longest `retry_after` honoured; longer ones are clamped (a broken server must not stall the bot for hours). */
  maxRetryAfterMs: number;
}

export const TELEGRAM_DELIVERY_LIMITS: DeliveryLimits = {
  perChatIntervalMs: 1_000,
  groupWindowMs: 60_000,
  groupMaxPerWindow: 20,
  globalWindowMs: 1_000,
  // Telegram allows about 30. The windows count a request from its start until a window after its answer (see
  // DeliveryQueue), so however late a request reaches Telegram, no window there sees more than this; the margin
  // of 5 is for Telegram's own clock and counting, which are not documented.
  globalMaxPerWindow: 25,
  maxQueue: 2_000,
  maxInFlight: 8,
  maxAttempts: 5,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  maxRetryAfterMs: 10 * 60_000,
};

/** Calls a Bot API method; throws telegraf's `TelegramError` (with `code`, `parameters`) or a network error. */
export type ApiCall = (method: string, payload: Record<string, unknown>) => Promise<unknown>;

export interface DeliveryJob {
  /** Target chat id (limits are per chat). */
  chatId: string;
  /** Groups also get the per-minute limit. */
  isGroup: boolean;
  method: string;
  payload: Record<string, unknown>;
  /** Called right before each attempt goes on the wire (the durable outbox marks the item "maybe sent"). */
  onAttempt?: () => void;
}

export type DeliveryResult =
  | { ok: true; result: unknown }
  | { ok: false; reason: "queue-full" | "stopped" | "rejected" | "gave-up" | "duplicate"; code?: number };

interface Pending extends DeliveryJob {
  attempts: number;
  notBefore: number;
  resolve: (result: DeliveryResult) => void;
}

interface ChatState {
  /** When the answer to the last request to this chat arrived (Unix ms). */
  lastSentAt: number;
  /** Answer times of the requests inside the group window. */
  recent: number[];
  busy: boolean;
  /** A 429 for this chat: nothing goes to it before this time (Unix ms). */
  pausedUntil: number;
}

/** Counters for metrics and tests. */
export interface DeliveryStats {
  sent: number;
  retried: number;
  rateLimited: number;
  dropped: number;
  failed: number;
}

/** Chat states kept before stale ones are swept. */
const CHAT_STATES_SWEEP_AT = 5_000;

function errorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown; response?: { error_code?: unknown } }).response?.error_code;
  return typeof code === "number" ? code : undefined;
}

/**
 * Whether a 429 limits the whole bot rather than one chat. Telegram's answer names no scope; its flood errors for
 * one chat are the common case. The bot-wide budget is paused only when the error says so (its description
 * mentions the global limit) or when the request was not for a chat.
 */
export function isGlobalRateLimit(error: unknown, chatId: string | undefined): boolean {
  if (!chatId) return true;
  const description = (error as { description?: unknown; response?: { description?: unknown } }).response?.description;
  return typeof description === "string" && /\bglobal\b/i.test(description);
}

function retryAfterSeconds(error: unknown): number | undefined {
  const value = (error as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
  return typeof value === "number" && value >= 0 ? value : undefined;
}

/**
 * The one outgoing queue of the Telegram adapter. Messages are sent in order per chat, within Telegram's per-chat,
 * per-group and global limits, counted so that they hold where Telegram receives the requests, not only where they
 * leave: a request reaches Telegram some time between its start and its answer (a busy event loop, the network), so
 * it counts against the windows from its start (while on the wire) until one window after its answer. Then any
 * window of `globalWindowMs` at Telegram sees at most `globalMaxPerWindow` requests, and two requests to one chat
 * arrive at least `perChatIntervalMs` apart (one request per chat is on the wire at a time), whatever the delays;
 * the price is the round trip added to each slot. a 429 pauses the chat it was about for its `retry_after` (the whole bot only when
 * the error says so, see `isGlobalRateLimit`); network errors and 5xx answers are retried with jittered exponential
 * backoff, then given up (`gave-up`: the durable outbox offers the reply again later); other 4xx answers (blocked
 * by the user, chat not found) are final. Bounded: when `maxQueue` messages wait, new ones are refused.
 */
export class DeliveryQueue {
  readonly stats: DeliveryStats = { sent: 0, retried: 0, rateLimited: 0, dropped: 0, failed: 0 };
  private readonly pending: Pending[] = [];
  private readonly chats = new Map<string, ChatState>();
  /** Answer times of the requests inside the global window (ascending). */
  private readonly globalRecent: number[] = [];
  private pausedUntil = 0;
  private inFlight = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly call: ApiCall,
    private readonly logger: Logger,
    private readonly limits: DeliveryLimits = TELEGRAM_DELIVERY_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Messages waiting or on the wire. */
  get depth(): number {
    return this.pending.length + this.inFlight;
  }

  /** Queues a message; resolves when it was sent or given up (never rejects). */
  enqueue(job: DeliveryJob): Promise<DeliveryResult> {
    if (this.stopped) return Promise.resolve({ ok: false, reason: "stopped" });
    if (this.pending.length >= this.limits.maxQueue) {
      this.stats.dropped++;
      this.logger.warn("telegram delivery queue full", { method: job.method, depth: this.pending.length });
      return Promise.resolve({ ok: false, reason: "queue-full" });
    }
    return new Promise((resolve) => {
      this.pending.push({ ...job, attempts: 0, notBefore: 0, resolve });
      this.pump();
    });
  }

  /** Waits until nothing is queued or on the wire, or `timeoutMs` passed. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.depth === 0) return true;
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Refuses new messages and gives up the waiting ones (in-flight requests finish). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const job of this.pending.splice(0)) job.resolve({ ok: false, reason: "stopped" });
    this.notifyIdle();
  }

  private chat(chatId: string): ChatState {
    let state = this.chats.get(chatId);
    if (!state) {
      state = { lastSentAt: Number.NEGATIVE_INFINITY, recent: [], busy: false, pausedUntil: 0 };
      this.chats.set(chatId, state);
    }
    return state;
  }

  /** When this job may go, or `Infinity` while its chat has a request on the wire. */
  private readyAt(job: Pending, now: number): number {
    const state = this.chat(job.chatId);
    if (state.busy) return Number.POSITIVE_INFINITY;
    let at = Math.max(job.notBefore, state.pausedUntil, state.lastSentAt + this.limits.perChatIntervalMs);
    if (job.isGroup) {
      while (state.recent.length > 0 && (state.recent[0] ?? 0) <= now - this.limits.groupWindowMs) state.recent.shift();
      if (state.recent.length >= this.limits.groupMaxPerWindow) {
        const oldest = state.recent[state.recent.length - this.limits.groupMaxPerWindow] ?? now;
        at = Math.max(at, oldest + this.limits.groupWindowMs);
      }
    }
    return at;
  }

  /** When the next request may start: requests on the wire and those answered within the window fill the budget. */
  private globalReadyAt(now: number): number {
    while (this.globalRecent.length > 0 && (this.globalRecent[0] ?? 0) <= now - this.limits.globalWindowMs) {
      this.globalRecent.shift();
    }
    let at = this.pausedUntil;
    const over = this.inFlight + this.globalRecent.length - this.limits.globalMaxPerWindow;
    if (over >= 0) {
      // `over + 1` answered requests must leave the window; when the wire alone fills the budget, an answer must come.
      const leaving = this.globalRecent[over];
      at = Math.max(at, leaving === undefined ? Number.POSITIVE_INFINITY : leaving + this.limits.globalWindowMs);
    }
    return at;
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.stopped) return;
    let wakeAt = Number.POSITIVE_INFINITY;
    while (this.inFlight < this.limits.maxInFlight && this.pending.length > 0) {
      const now = this.now();
      const globalAt = this.globalReadyAt(now);
      if (globalAt > now) {
        // Infinite while waiting for an answer: `finish` pumps again.
        wakeAt = Math.min(wakeAt, globalAt);
        break;
      }
      let chosen = -1;
      // Per chat only the oldest waiting message is a candidate, so each chat keeps its order.
      const seen = new Set<string>();
      for (let i = 0; i < this.pending.length; i++) {
        const job = this.pending[i] as Pending;
        if (seen.has(job.chatId)) continue;
        seen.add(job.chatId);
        const at = this.readyAt(job, now);
        if (at <= now) {
          chosen = i;
          break;
        }
        wakeAt = Math.min(wakeAt, at);
      }
      if (chosen === -1) break;
      const [job] = this.pending.splice(chosen, 1) as [Pending];
      this.start(job);
    }
    if (!this.stopped && this.pending.length > 0 && Number.isFinite(wakeAt)) {
      this.timer = setTimeout(() => this.pump(), Math.max(1, wakeAt - this.now()));
    }
    if (this.depth === 0) this.notifyIdle();
  }

  private start(job: Pending): void {
    const state = this.chat(job.chatId);
    // On the wire it counts against every window (busy, inFlight); `finish` dates it by its answer.
    state.busy = true;
    this.inFlight++;
    job.attempts++;
    try {
      job.onAttempt?.();
    } catch (error) {
      this.logger.warn("telegram attempt hook failed", { error: error instanceof Error ? error.name : typeof error });
    }
    this.call(job.method, job.payload).then(
      (result) => {
        this.stats.sent++;
        this.finish(state, job.isGroup);
        job.resolve({ ok: true, result });
      },
      (error: unknown) => {
        // A failed request may have reached Telegram too (a 5xx, a cut connection): it counts the same.
        this.finish(state, job.isGroup);
        this.failed(job, error);
      },
    );
  }

  private finish(state: ChatState, isGroup: boolean): void {
    const answeredAt = this.now();
    state.busy = false;
    state.lastSentAt = answeredAt;
    if (isGroup) state.recent.push(answeredAt);
    this.globalRecent.push(answeredAt);
    this.inFlight--;
    if (this.chats.size > CHAT_STATES_SWEEP_AT) this.sweep();
    queueMicrotask(() => this.pump());
  }

  /** Forgets chats whose limits no longer constrain anything (keeps the map small on a long-running bot). */
  private sweep(): void {
    const horizon = this.now() - Math.max(this.limits.perChatIntervalMs, this.limits.groupWindowMs);
    const waiting = new Set(this.pending.map((job) => job.chatId));
    for (const [chatId, state] of this.chats) {
      if (!state.busy && !waiting.has(chatId) && state.lastSentAt < horizon && state.pausedUntil < this.now()) {
        this.chats.delete(chatId);
      }
    }
  }

  private failed(job: Pending, error: unknown): void {
    const code = errorCode(error);
    const fields = { method: job.method, code, attempt: job.attempts };
    if (code === 429) {
      this.stats.rateLimited++;
      const waitMs = Math.min((retryAfterSeconds(error) ?? 1) * 1000, this.limits.maxRetryAfterMs);
      const global = isGlobalRateLimit(error, job.chatId);
      if (global) this.pausedUntil = Math.max(this.pausedUntil, this.now() + waitMs);
      else {
        const state = this.chat(job.chatId);
        state.pausedUntil = Math.max(state.pausedUntil, this.now() + waitMs);
      }
      this.logger.warn("telegram rate limited", { ...fields, retryAfterMs: waitMs, scope: global ? "global" : "chat" });
      // A 429 is not the message's fault: it keeps its place and its attempts.
      job.attempts--;
      this.pending.unshift(job);
      this.pump();
      return;
    }
    const transient = code === undefined || code >= 500;
    if (transient && !this.stopped && job.attempts < this.limits.maxAttempts) {
      this.stats.retried++;
      // Jitter (±25 %) spreads the retries of many chats hit by one outage.
      const exp = Math.min(this.limits.backoffBaseMs * 2 ** (job.attempts - 1), this.limits.backoffMaxMs);
      const delay = Math.round(exp * (0.75 + Math.random() * 0.5));
      job.notBefore = this.now() + delay;
      this.logger.warn("telegram send retry", { ...fields, delayMs: delay });
      this.pending.unshift(job);
      this.pump();
      return;
    }
    this.stats.failed++;
    this.logger.error("telegram send failed", {
      ...fields,
      error: error instanceof Error ? error.name : typeof error,
    });
    job.resolve({ ok: false, reason: transient ? "gave-up" : "rejected", ...(code === undefined ? {} : { code }) });
  }

  private notifyIdle(): void {
    if (this.depth !== 0) return;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }
}
