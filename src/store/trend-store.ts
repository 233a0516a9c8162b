import type Database from "better-sqlite3";

/** One trending key on a day range: how many chats saw it and how often. */
export interface TrendRow {
  key: string;
  chats: number;
  seen: number;
  firstDay: string;
  lastDay: string;
}

/** UTC day `YYYY-MM-DD` of a Unix ms time. */
export function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * Daily sightings of a claim (keyed hash of its text) or of a matched fact-check (its id), per chat hash. No text.
 */
export class TrendStore {
  private readonly bump: Database.Statement;
  private readonly dayTotals: Database.Statement<[string, string], { chats: number; seen: number }>;
  private readonly markAlert: Database.Statement<[string, string]>;
  private readonly topSince: Database.Statement<[string, number], Record<string, unknown>>;

  constructor(db: Database.Database) {
    this.bump = db.prepare(
      `INSERT INTO trends (day, key, chat_hash, count) VALUES (?, ?, ?, 1)
       ON CONFLICT(day, key, chat_hash) DO UPDATE SET count = count + 1`,
    );
    this.dayTotals = db.prepare(
      "SELECT COUNT(*) AS chats, COALESCE(SUM(count), 0) AS seen FROM trends WHERE day = ? AND key = ?",
    );
    this.markAlert = db.prepare("INSERT OR IGNORE INTO trend_alerts (day, key) VALUES (?, ?)");
    this.topSince = db.prepare(
      `SELECT key, COUNT(DISTINCT chat_hash) AS chats, SUM(count) AS seen, MIN(day) AS first_day, MAX(day) AS last_day
       FROM trends WHERE day >= ? GROUP BY key ORDER BY chats DESC, seen DESC, key LIMIT ?`,
    );
  }

  /** Counts one sighting; returns the day's totals for the key. */
  record(key: string, chatHash: string, now = Date.now()): { day: string; chats: number; seen: number } {
    const day = dayOf(now);
    this.bump.run(day, key, chatHash);
    const totals = this.dayTotals.get(day, key) ?? { chats: 0, seen: 0 };
    return { day, chats: Number(totals.chats), seen: Number(totals.seen) };
  }

  /** True the first time it is called for (day, key): an alert goes out once per key and day. */
  claimAlert(day: string, key: string): boolean {
    return this.markAlert.run(day, key).changes === 1;
  }

  top(sinceDay: string, limit: number): TrendRow[] {
    return this.topSince.all(sinceDay, limit).map((row) => ({
      key: String(row.key),
      chats: Number(row.chats),
      seen: Number(row.seen),
      firstDay: String(row.first_day),
      lastDay: String(row.last_day),
    }));
  }
}
