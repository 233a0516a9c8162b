import type Database from "better-sqlite3";
import { dayOf } from "./trend-store.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes answers, feedback and trend rows older than `retentionDays`, and delivered outbox items older than that.
 * Consented tips are kept (fact-checkers' queue) until removed by an operator. Returns rows deleted per table.
 */
export function applyRetention(db: Database.Database, retentionDays: number, now = Date.now()): Record<string, number> {
  const cutoff = now - retentionDays * DAY_MS;
  const cutoffDay = dayOf(cutoff);
  return db.transaction(() => ({
    answers: db.prepare("DELETE FROM answers WHERE created_at < ?").run(cutoff).changes,
    feedback: db.prepare("DELETE FROM feedback WHERE created_at < ?").run(cutoff).changes,
    trends: db.prepare("DELETE FROM trends WHERE day < ?").run(cutoffDay).changes,
    trend_alerts: db.prepare("DELETE FROM trend_alerts WHERE day < ?").run(cutoffDay).changes,
    outbox: db.prepare("DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?").run(cutoff).changes,
  }))();
}
