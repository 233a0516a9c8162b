import type Database from "better-sqlite3";

/** Processed update ids are remembered this long (ms): Telegram redelivers for at most 24 hours. */
export const PROCESSED_UPDATE_TTL_MS = 24 * 60 * 60 * 1000;
/** At most this many processed update ids are kept, whatever their age (bounded under any flood). */
export const PROCESSED_UPDATE_MAX = 200_000;
/** Expired rows are swept once every this many inserts (amortised; a sweep is one indexed DELETE). */
const SWEEP_EVERY_INSERTS = 1_000;
/** Scope of the global rate window in `rate_events`. */
export const GLOBAL_RATE_SCOPE = "*";

/** What a caller sees of the state of one chat while deciding (read inside the write lock). */
export interface ChatStateView {
  /** Last act on this fact-check in this chat (Unix ms), when any. */
  cooldownAt?: number;
  /** Act times of the chat and of all chats in the current window, ascending (future = reserved slots). */
  perChat: number[];
  global: number[];
}

/** What to write when the decision acts. */
export interface ChatStateCommit {
  /** Records the cooldown of the fact-check at this time. */
  cooldownAt?: number;
  /** Reserves a rate slot at this time (now, or a future slot of a queued decision). */
  slotAt?: number;
}

/** The verdict of `admitDirect`: let it through, say "slow down" once, or drop silently. */
export type DirectAdmission = "ok" | "slow-down" | "throttled";

/**
 * Durable runtime state in the shared SQLite file (WAL): group cooldowns per (chat, fact-check), act times of the
 * per-chat and global rate windows, private-chat flood windows, and processed update ids. Every check-and-set runs
 * in one `BEGIN IMMEDIATE` transaction, so several processes on one data directory (shards, a webhook process and a
 * CLI) never both act on the same cooldown or over the same limit, and a restart forgets nothing.
 * Keys are keyed hashes (chats, users) or platform counters (update ids): no text.
 */
export class RuntimeStateStore {
  private readonly selectCooldown: Database.Statement<[string, string], { at: number }>;
  private readonly upsertCooldown: Database.Statement<[string, string, number]>;
  private readonly selectEvents: Database.Statement<[string, number], { at: number }>;
  private readonly insertEvent: Database.Statement<[string, number]>;
  private readonly deleteEvents: Database.Statement<[string, number]>;
  private readonly countEvents: Database.Statement<[string, number], { n: number }>;
  private readonly selectNotice: Database.Statement<[string], { at: number }>;
  private readonly upsertNotice: Database.Statement<[string, number]>;
  private readonly insertUpdate: Database.Statement<[string, number]>;
  private readonly sweepUpdatesByAge: Database.Statement<[number]>;
  private readonly sweepUpdatesByCount: Database.Statement<[number]>;
  private inserts = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly options: { updateTtlMs?: number; updateMax?: number } = {},
  ) {
    this.selectCooldown = db.prepare("SELECT at FROM cooldowns WHERE chat_hash = ? AND fact_check_id = ?");
    this.upsertCooldown = db.prepare(
      `INSERT INTO cooldowns (chat_hash, fact_check_id, at) VALUES (?, ?, ?)
       ON CONFLICT(chat_hash, fact_check_id) DO UPDATE SET at = excluded.at`,
    );
    this.selectEvents = db.prepare("SELECT at FROM rate_events WHERE scope = ? AND at > ? ORDER BY at");
    this.insertEvent = db.prepare("INSERT INTO rate_events (scope, at) VALUES (?, ?)");
    this.deleteEvents = db.prepare("DELETE FROM rate_events WHERE scope = ? AND at <= ?");
    this.countEvents = db.prepare("SELECT COUNT(*) AS n FROM rate_events WHERE scope = ? AND at > ?");
    this.selectNotice = db.prepare("SELECT at FROM throttle_notices WHERE scope = ?");
    this.upsertNotice = db.prepare(
      "INSERT INTO throttle_notices (scope, at) VALUES (?, ?) ON CONFLICT(scope) DO UPDATE SET at = excluded.at",
    );
    this.insertUpdate = db.prepare("INSERT OR IGNORE INTO processed_updates (key, at) VALUES (?, ?)");
    this.sweepUpdatesByAge = db.prepare("DELETE FROM processed_updates WHERE at < ?");
    this.sweepUpdatesByCount = db.prepare(
      "DELETE FROM processed_updates WHERE id <= (SELECT MAX(id) FROM processed_updates) - ?",
    );
  }

  /**
   * Reads the chat's cooldown for `factCheckId` and both rate windows, calls `decide` with them, and writes what it
   * returns, all inside one write transaction (no other process decides for any chat meanwhile). `decide` must be
   * synchronous and pure apart from its return value.
   */
  decide<T>(
    chatHash: string,
    factCheckId: string | undefined,
    now: number,
    windowMs: number,
    decide: (view: ChatStateView) => { result: T; commit?: ChatStateCommit },
  ): T {
    const run = this.db.transaction((): T => {
      const since = now - windowMs;
      const cooldownAt = factCheckId === undefined ? undefined : this.selectCooldown.get(chatHash, factCheckId)?.at;
      const view: ChatStateView = {
        perChat: this.selectEvents.all(chatHash, since).map((r) => r.at),
        global: this.selectEvents.all(GLOBAL_RATE_SCOPE, since).map((r) => r.at),
        ...(cooldownAt === undefined ? {} : { cooldownAt }),
      };
      const { result, commit } = decide(view);
      if (commit?.cooldownAt !== undefined && factCheckId !== undefined) {
        this.upsertCooldown.run(chatHash, factCheckId, commit.cooldownAt);
      }
      if (commit?.slotAt !== undefined) {
        this.deleteEvents.run(chatHash, since);
        this.deleteEvents.run(GLOBAL_RATE_SCOPE, since);
        this.insertEvent.run(chatHash, commit.slotAt);
        this.insertEvent.run(GLOBAL_RATE_SCOPE, commit.slotAt);
      }
      return result;
    });
    return run.immediate();
  }

  /**
   * A private-chat flood check for one sender (`scope`, a keyed hash): at most `limit` messages per `windowMs` pass;
   * the first one over says "slow down" once per window, the rest are dropped silently until the window clears.
   */
  admitDirect(scope: string, now: number, limit: number, windowMs: number): DirectAdmission {
    const run = this.db.transaction((): DirectAdmission => {
      const since = now - windowMs;
      const key = `dm:${scope}`;
      const count = this.countEvents.get(key, since)?.n ?? 0;
      if (count < limit) {
        if (count === 0) this.deleteEvents.run(key, since);
        this.insertEvent.run(key, now);
        return "ok";
      }
      // Over the limit: keep counting, so a steady flood stays throttled until the user pauses.
      this.deleteEvents.run(key, since);
      this.insertEvent.run(key, now);
      const noticed = this.selectNotice.get(key)?.at;
      if (noticed !== undefined && noticed > since) return "throttled";
      this.upsertNotice.run(key, now);
      return "slow-down";
    });
    return run.immediate();
  }

  /**
   * True the first time `key` (e.g. `telegram:update:123`) is offered by any process, false for a redelivery.
   * Remembered for `PROCESSED_UPDATE_TTL_MS`, at most `PROCESSED_UPDATE_MAX` ids.
   */
  firstTime(key: string, now = Date.now()): boolean {
    const fresh = this.insertUpdate.run(key, now).changes === 1;
    if (fresh && ++this.inserts % SWEEP_EVERY_INSERTS === 0) this.sweep(now);
    return fresh;
  }

  /** Deletes expired update ids (beyond the count bound too), stale cooldowns and rate events. */
  sweep(now = Date.now(), cooldownKeepMs = 7 * 24 * 60 * 60 * 1000, rateKeepMs = 60 * 60 * 1000): void {
    this.sweepUpdatesByAge.run(now - (this.options.updateTtlMs ?? PROCESSED_UPDATE_TTL_MS));
    this.sweepUpdatesByCount.run(this.options.updateMax ?? PROCESSED_UPDATE_MAX);
    this.db.prepare("DELETE FROM cooldowns WHERE at < ?").run(now - cooldownKeepMs);
    this.db.prepare("DELETE FROM rate_events WHERE at < ?").run(now - rateKeepMs);
    this.db.prepare("DELETE FROM throttle_notices WHERE at < ?").run(now - rateKeepMs);
  }

  /** Processed update ids remembered (tests, metrics). */
  processedCount(): number {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM processed_updates").get() as { n: number }).n);
  }
}
