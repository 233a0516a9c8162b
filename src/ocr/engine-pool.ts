/** One OCR engine instance (a tesseract.js worker thread), as the pool sees it. */
export interface OcrEngine {
  /** Recognises one image; rejects when the engine cannot decode it. */
  recognize(image: Uint8Array): Promise<EngineWord[]>;
  /** Kills the engine at once (its thread), whatever it is doing. */
  terminate(): Promise<void>;
}

/** A word the engine read, with its line (for re-joining lines) and its confidence 0..100. */
export interface EngineWord {
  text: string;
  confidence: number;
  line: number;
}

export interface EnginePoolOptions {
  /** Engines run at once (each a thread, about one core and 40–120 MB while busy). */
  size: number;
  /** An image that takes longer is abandoned and its engine killed and replaced (ms). */
  timeoutMs: number;
  /** An engine that does not start within this time is killed (ms). */
  startTimeoutMs?: number;
  /** Images waiting beyond this many are refused at once (`busy`). */
  maxQueue?: number;
  /** An engine is replaced after this many images (bounds the growth of its WebAssembly heap). */
  recycleAfter?: number;
  createEngine: () => Promise<OcrEngine>;
  /**
   * An engine failed to start (its start rejected, or did not finish within `startTimeoutMs`). The image is answered
   * `unavailable`, the next image tries a new engine; this is where the failure is logged.
   */
  onStartFailure?: (error: unknown) => void;
}

export type PoolResult =
  | { ok: true; words: EngineWord[]; tookMs: number }
  | { ok: false; problem: "timeout" | "unreadable" | "unavailable" | "busy" };

interface Slot {
  engine: Promise<OcrEngine> | undefined;
  busy: boolean;
  jobs: number;
}

/** Default start deadline of an engine (ms): loading the language data takes about 1 s per engine on one core. */
export const ENGINE_START_TIMEOUT_MS = 30_000;
export const ENGINE_MAX_QUEUE = 64;
export const ENGINE_RECYCLE_AFTER = 500;

class Timeout extends Error {
  override name = "Timeout";
}

/** The engine's thread died; the engine is replaced. */
export class EngineCrashedError extends Error {
  override name = "EngineCrashedError";
  constructor() {
    super("OCR engine thread crashed");
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A small pool of OCR engines: started lazily (the first image pays the start), at most `size` busy at once, a
 * bounded queue, a deadline per image after which the engine is killed and a fresh one takes its slot (a hung or
 * runaway decode never blocks the pool), and recycling after `recycleAfter` images.
 */
export class EnginePool {
  private readonly slots: Slot[];
  private readonly waiting: Array<() => void> = [];
  private closed = false;
  /** Engines started, restarts after a timeout, images read: for the bench and the metrics. */
  readonly stats = { started: 0, restarted: 0, images: 0, timeouts: 0, lastStartMs: 0 };

  constructor(private readonly options: EnginePoolOptions) {
    this.slots = Array.from({ length: Math.max(1, options.size) }, () => ({ engine: undefined, busy: false, jobs: 0 }));
  }

  /** Engines running or starting. */
  get engines(): number {
    return this.slots.filter((s) => s.engine !== undefined).length;
  }

  /** Images being read right now. */
  get busy(): number {
    return this.slots.filter((s) => s.busy).length;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Starts every engine now (instead of on the first image). */
  async warm(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.engineOf(slot).catch(() => undefined)));
  }

  async run(image: Uint8Array): Promise<PoolResult> {
    if (this.closed) return { ok: false, problem: "unavailable" };
    const slot = await this.acquire();
    if (!slot) return { ok: false, problem: this.closed ? "unavailable" : "busy" };
    try {
      let engine: OcrEngine;
      try {
        engine = await this.engineOf(slot);
      } catch {
        return { ok: false, problem: "unavailable" };
      }
      const started = performance.now();
      try {
        const words = await withTimeout(engine.recognize(image), this.options.timeoutMs);
        this.stats.images++;
        slot.jobs++;
        if (slot.jobs >= (this.options.recycleAfter ?? ENGINE_RECYCLE_AFTER)) this.retire(slot);
        return { ok: true, words, tookMs: Math.round(performance.now() - started) };
      } catch (error) {
        if (error instanceof Timeout) {
          this.stats.timeouts++;
          this.stats.restarted++;
          this.retire(slot);
          return { ok: false, problem: "timeout" };
        }
        if (error instanceof EngineCrashedError) {
          this.stats.restarted++;
          this.retire(slot);
        }
        return { ok: false, problem: "unreadable" };
      }
    } finally {
      this.release(slot);
    }
  }

  /** Kills every engine; images waiting get `unavailable`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(this.slots.map((slot) => this.retire(slot)));
  }

  private engineOf(slot: Slot): Promise<OcrEngine> {
    if (!slot.engine) {
      const started = performance.now();
      const creating = this.options.createEngine();
      const starting = withTimeout(creating, this.options.startTimeoutMs ?? ENGINE_START_TIMEOUT_MS);
      slot.engine = starting;
      this.stats.started++;
      starting.then(
        () => {
          this.stats.lastStartMs = Math.round(performance.now() - started);
        },
        (error: unknown) => {
          if (slot.engine === starting) slot.engine = undefined;
          this.options.onStartFailure?.(error);
          // An engine that starts after its deadline was given up: stop it instead of leaving its thread running.
          if (error instanceof Timeout) creating.then((late) => late.terminate()).catch(() => undefined);
        },
      );
    }
    return slot.engine;
  }

  private retire(slot: Slot): Promise<void> {
    const engine = slot.engine;
    slot.engine = undefined;
    slot.jobs = 0;
    return engine ? engine.then((e) => e.terminate()).catch(() => undefined) : Promise.resolve();
  }

  private async acquire(): Promise<Slot | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      const idle = this.slots.find((s) => !s.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.waiting.length >= (this.options.maxQueue ?? ENGINE_MAX_QUEUE)) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiting.shift()?.();
  }
}
