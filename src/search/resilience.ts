import { SearchUnavailableError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";

/**
 * Request resilience for a remote search backend: a deadline per operation, retries with exponential backoff on
 * transient failures (5xx, 429, network errors, timeouts) and a circuit breaker, so a dead server costs a lookup at
 * most its deadline and, once the breaker is open, nothing at all until the cool-down has passed.
 * SDK-free: the backend passes a `classify` function that turns its own errors into a `FailureInfo`.
 */

/** What went wrong with one attempt, as far as the retry policy cares. */
export type FailureKind =
  /** The attempt's deadline passed (server hangs or is very slow). */
  | "timeout"
  /** Connection refused/reset, DNS failure. */
  | "network"
  /** HTTP 5xx. */
  | "server"
  /** HTTP 429. */
  | "rate-limited"
  /** HTTP 401/403: the key is missing, wrong, or lacks the right. Not retried; not a breaker failure. */
  | "auth"
  /** Any other 4xx: a bug on our side or a bad setting. Not retried; not a breaker failure. */
  | "client";

export interface FailureInfo {
  kind: FailureKind;
  /** HTTP status when there was a response. */
  status?: number;
  /** The backend's error code (e.g. Meilisearch `index_not_found`); never a key or a URL with a key. */
  code?: string;
  /** Server-provided wait before retrying (429 `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

const RETRYABLE: ReadonlySet<FailureKind> = new Set(["timeout", "network", "server", "rate-limited"]);

/** Whether a failure of this kind is worth another attempt and counts against the circuit breaker. */
export function isTransient(kind: FailureKind): boolean {
  return RETRYABLE.has(kind);
}

export interface ResilienceOptions {
  /** Backend name used in errors and logs. */
  backend: string;
  /** Deadline of one attempt, in milliseconds (also the whole budget of an operation run with `budget: true`). */
  timeoutMs: number;
  /** Attempts per operation, first one included. */
  maxAttempts: number;
  /** Backoff before the 2nd attempt, doubled each time (with ±25 % jitter), in milliseconds. */
  baseBackoffMs: number;
  /** Cap of one backoff pause, in milliseconds. */
  maxBackoffMs: number;
  /** Consecutive failed operations that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before letting one probe through (half-open), in milliseconds. */
  coolDownMs: number;
}

/** Defaults for a search backend on the bot's hot path. */
export const DEFAULT_RESILIENCE: Omit<ResilienceOptions, "backend" | "timeoutMs"> = {
  maxAttempts: 3,
  baseBackoffMs: 100,
  maxBackoffMs: 1000,
  failureThreshold: 5,
  coolDownMs: 15_000,
};

/** The failure that ended an operation; carried as `cause` of `SearchUnavailableError` (no key, no URL). */
export class BackendFailure extends Error {
  override readonly name = "BackendFailure";
  constructor(
    readonly op: string,
    readonly info: FailureInfo,
    readonly attempts: number,
  ) {
    super(`${op}: ${describeFailure(info)} after ${attempts} attempt(s)`);
  }
}

/** A non-transient backend error (auth or client): thrown as is, with a clear message, never retried. */
export class BackendRequestError extends Error {
  override readonly name = "BackendRequestError";
  constructor(
    message: string,
    readonly op: string,
    readonly info: FailureInfo,
  ) {
    super(message);
  }
}

export function describeFailure(info: FailureInfo): string {
  const parts: string[] = [info.kind];
  if (info.status !== undefined) parts.push(`HTTP ${info.status}`);
  if (info.code) parts.push(info.code);
  return parts.join(", ");
}

export type CircuitState = "closed" | "open" | "half-open";

/** Calls let through at once while half-open. */
export const HALF_OPEN_MAX_PROBES = 4;

/**
 * Counts consecutive failed operations. `closed` → `open` after `failureThreshold`; while open every call fails
 * fast; after `coolDownMs` a few calls are let through as probes (`half-open`): a success closes the circuit, a
 * failure opens it again for another cool-down.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probes = 0;
  private current: CircuitState = "closed";

  constructor(
    private readonly options: Pick<ResilienceOptions, "failureThreshold" | "coolDownMs">,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  /** Whether a call may go to the server now. Moves `open` → `half-open` when the cool-down is over. */
  tryPass(): boolean {
    if (this.current === "closed") return true;
    if (this.current === "open" && this.now() - this.openedAt >= this.options.coolDownMs) {
      this.current = "half-open";
      this.probes = 0;
    }
    // A few probes at once: one lookup sends a search and URL lookups together, and all should pass.
    if (this.current === "half-open" && this.probes < HALF_OPEN_MAX_PROBES) {
      this.probes++;
      return true;
    }
    return false;
  }

  /** Milliseconds until an open circuit lets a probe through (0 when closed or half-open). */
  retryInMs(): number {
    if (this.current !== "open") return 0;
    return Math.max(0, this.options.coolDownMs - (this.now() - this.openedAt));
  }

  /** Returns the previous state so the caller can log a transition. */
  onSuccess(): CircuitState {
    const previous = this.current;
    this.failures = 0;
    this.probes = 0;
    this.current = "closed";
    return previous;
  }

  /** Returns the new state. */
  onFailure(): CircuitState {
    this.failures++;
    this.probes = 0;
    if (this.current === "half-open" || this.failures >= this.options.failureThreshold) {
      this.current = "open";
      this.openedAt = this.now();
    }
    return this.current;
  }

  /** A call let through that ended without a verdict on the server's health (auth/client error). */
  release(): void {
    if (this.probes > 0) this.probes--;
  }
}

export interface RunOptions {
  /** When true, `timeoutMs` is the budget of the whole operation (all attempts and pauses), not of one attempt. */
  budget?: boolean;
  /** Deadline of one attempt for this operation instead of `timeoutMs` (waiting for a task), in milliseconds. */
  deadlineMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs backend operations with deadlines, retries and the circuit breaker. One instance per backend client. */
export class Resilience {
  readonly breaker: CircuitBreaker;
  private readonly options: ResilienceOptions;

  constructor(
    options: Partial<ResilienceOptions> & Pick<ResilienceOptions, "backend" | "timeoutMs">,
    private readonly classify: (error: unknown) => FailureInfo,
    private readonly logger: Logger,
  ) {
    this.options = { ...DEFAULT_RESILIENCE, ...options };
    this.breaker = new CircuitBreaker(this.options);
  }

  /**
   * Runs `fn` (given an AbortSignal that fires at the attempt's deadline). Transient failures are retried while
   * attempts and budget remain; the final transient failure counts against the breaker and becomes a
   * `SearchUnavailableError`. Auth and client errors become `BackendRequestError` at once.
   */
  async run<T>(op: string, fn: (signal: AbortSignal) => Promise<T>, runOptions: RunOptions = {}): Promise<T> {
    const { backend, maxAttempts } = this.options;
    const timeoutMs = runOptions.deadlineMs ?? this.options.timeoutMs;
    if (!this.breaker.tryPass()) {
      throw new SearchUnavailableError(
        `${backend} is unavailable (circuit open, next probe in ${Math.ceil(this.breaker.retryInMs() / 1000)} s)`,
        backend,
      );
    }
    const started = Date.now();
    const remaining = () => (runOptions.budget ? timeoutMs - (Date.now() - started) : timeoutMs);
    let last: FailureInfo = { kind: "timeout" };
    let attempt = 0;
    while (attempt < maxAttempts) {
      attempt++;
      const deadline = remaining();
      if (deadline <= 0) break;
      try {
        const result = await withDeadline(fn, deadline);
        const previous = this.breaker.onSuccess();
        if (previous !== "closed") this.logger.info("search backend circuit closed", { backend, op });
        return result;
      } catch (error) {
        const info = error instanceof DeadlineError ? { kind: "timeout" as const } : this.classify(error);
        last = info;
        if (!isTransient(info.kind)) {
          this.breaker.release();
          // No HTTP status: not a backend answer but a bug of ours; keep its stack.
          if (info.status === undefined && info.kind === "client") throw error;
          throw new BackendRequestError(`${backend} ${op} failed: ${describeFailure(info)}`, op, info);
        }
        this.logger.warn("search backend request failed", {
          backend,
          op,
          attempt,
          kind: info.kind,
          status: info.status,
          code: info.code,
        });
        if (attempt >= maxAttempts) break;
        const pause = this.backoff(attempt, info);
        if (runOptions.budget && remaining() - pause < Math.min(50, timeoutMs / 10)) break;
        await sleep(pause);
      }
    }
    const state = this.breaker.onFailure();
    if (state === "open") this.logger.error("search backend circuit open", { backend, op, kind: last.kind });
    const failure = new BackendFailure(op, last, attempt);
    throw new SearchUnavailableError(`${backend} is unavailable: ${failure.message}`, backend, { cause: failure });
  }

  private backoff(attempt: number, info: FailureInfo): number {
    const exp = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** (attempt - 1));
    const jittered = exp * (0.75 + Math.random() * 0.5);
    const wanted = info.retryAfterMs !== undefined ? Math.max(jittered, info.retryAfterMs) : jittered;
    return Math.round(Math.min(wanted, this.options.maxBackoffMs));
  }
}

class DeadlineError extends Error {
  override readonly name = "DeadlineError";
}

/**
 * Calls `fn` with a signal that aborts after `ms`, and also races it: SDK calls that take no signal still give up
 * at the deadline (their request is left to the SDK's own timeout).
 */
async function withDeadline<T>(fn: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new DeadlineError(`deadline of ${ms} ms passed`));
      reject(new DeadlineError(`deadline of ${ms} ms passed`));
    }, ms);
  });
  try {
    return await Promise.race([fn(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
