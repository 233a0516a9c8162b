import type Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Reply } from "../core/reply-types.ts";
import type { OutboxItem, Platform } from "../runtime/types.ts";

/** An item taken but not acknowledged is offered again after this long (ms): the adapter may have crashed. */
export const OUTBOX_LEASE_MS = 5 * 60 * 1000;

/** A reply to store before it is sent (`put`). */
export interface OutboxEntry {
  platform: Platform;
  chatId: string;
  reply: Reply;
  /** Identity of what caused it (e.g. `telegram:update:42`): a second `put` with the same key stores nothing. */
  key?: string;
  /** Platform message id it answers. */
  replyTo?: string;
  isGroup?: boolean;
}

/** How an item ended: sent, refused for good by the platform, or in doubt after a crash (never sent again). */
export type OutboxStatus = "sent" | "rejected" | "unknown";

/** This process as an outbox owner: `host/pid/random` (a restarted process is a new owner). */
export function newOutboxOwner(): string {
  const owner = `${hostname()}/${process.pid}/${randomBytes(4).toString("hex")}`;
  OWN_OWNERS.add(owner);
  return owner;
}

/** Whether the process that owns leased items may still be running (same host: a signal-0 probe; else assume so). */
export function ownerMayBeAlive(owner: string): boolean {
  const [host, pid] = owner.split("/");
  if (host !== hostname() || !pid) return true;
  // A restarted process may get the pid of the one that crashed (containers): only our own owners are us.
  if (Number(pid) === process.pid) return OWN_OWNERS.has(owner);
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
const OWN_OWNERS = new Set<string>();

/**
 * Platform-neutral messages waiting for delivery: tip notifications, trend alerts, and (issue 13) every reply an
 * adapter is about to send, stored before the send so a crash loses none. Holds rendered replies (fact-check
 * fields, wording, matched words), never the user's message. Delivery is at most once: an item is marked
 * `attempted` right before it goes on the wire, and after a crash an attempted, unacknowledged item is settled
 * as `unknown` instead of being sent again; items never attempted are sent by the next process.
 */
export class OutboxStore {
  private readonly insert: Database.Statement<[number, string, string, string]>;
  private readonly pending: Database.Statement<[string, number, number, number], Record<string, unknown>>;
  private readonly lease: Database.Statement<[number, string | null, number]>;
  private readonly ack: Database.Statement<[number, string, number]>;
  private readonly insertKeyed: Database.Statement<[number, string, string, string, string | null, string | null, number, number, string]>;
  private readonly markAttempt: Database.Statement<[number, number]>;
  private readonly unlease: Database.Statement<[number, number]>;
  private readonly undelivered: Database.Statement<[], { id: number; owner: string | null; attempted_at: number | null; taken_at: number | null }>;
  private readonly countPending: Database.Statement<[], { n: number }>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare("INSERT INTO outbox (created_at, platform, chat_id, reply) VALUES (?, ?, ?, ?)");
    this.pending = db.prepare(
      `SELECT id, platform, chat_id, reply, reply_to, is_group FROM outbox
       WHERE platform = ? AND delivered_at IS NULL AND attempted_at IS NULL AND not_before <= ?
         AND (taken_at IS NULL OR taken_at < ?) ORDER BY id LIMIT ?`,
    );
    this.lease = db.prepare("UPDATE outbox SET taken_at = ?, owner = ? WHERE id = ?");
    this.ack = db.prepare("UPDATE outbox SET delivered_at = ?, status = ? WHERE id = ? AND delivered_at IS NULL");
    this.countPending = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL");
    this.insertKeyed = db.prepare(
      `INSERT OR IGNORE INTO outbox (created_at, platform, chat_id, reply, dedupe_key, reply_to, is_group, taken_at, owner)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.markAttempt = db.prepare("UPDATE outbox SET attempted_at = ? WHERE id = ? AND delivered_at IS NULL");
    this.unlease = db.prepare(
      "UPDATE outbox SET taken_at = NULL, owner = NULL, attempted_at = NULL, not_before = ? WHERE id = ? AND delivered_at IS NULL",
    );
    this.undelivered = db.prepare("SELECT id, owner, attempted_at, taken_at FROM outbox WHERE delivered_at IS NULL AND owner IS NOT NULL");
  }

  /**
   * Stores a reply before it is sent, leased to `owner` (the caller sends it now). Returns its id, or null when an
   * item with the same `key` exists already (the update was handled before, maybe by another process).
   */
  put(entry: OutboxEntry, owner: string, now = Date.now()): number | null {
    const result = this.insertKeyed.run(
      now,
      entry.platform,
      entry.chatId,
      JSON.stringify(entry.reply),
      entry.key ?? null,
      entry.replyTo ?? null,
      entry.isGroup ? 1 : 0,
      now,
      owner,
    );
    return result.changes === 1 ? Number(result.lastInsertRowid) : null;
  }

  /** The item is going on the wire now: after a crash it is settled as `unknown`, never sent twice. */
  attempt(id: number, now = Date.now()): void {
    this.markAttempt.run(now, id);
  }

  /** Delivery ended: sent, or refused for good. */
  settle(id: number, status: OutboxStatus, now = Date.now()): void {
    this.ack.run(now, status, id);
  }

  /** Not delivered for a passing reason: offered again (by any process) from `notBefore` (Unix ms). */
  release(id: number, notBefore = 0): void {
    this.unlease.run(notBefore, id);
  }

  /**
   * Items leased by processes that are gone (`ownerMayBeAlive` false, or a lease older than `OUTBOX_LEASE_MS`):
   * never attempted → offered again; attempted → settled `unknown` (they may have reached the platform).
   */
  recover(now = Date.now(), alive: (owner: string) => boolean = ownerMayBeAlive): { released: number; inDoubt: number } {
    return this.db.transaction(() => {
      let released = 0;
      let inDoubt = 0;
      for (const row of this.undelivered.all()) {
        const expired = row.taken_at !== null && row.taken_at < now - OUTBOX_LEASE_MS;
        if (!expired && row.owner !== null && alive(row.owner)) continue;
        if (row.attempted_at !== null) {
          this.ack.run(now, "unknown", row.id);
          inDoubt++;
        } else {
          this.unlease.run(0, row.id);
          released++;
        }
      }
      return { released, inDoubt };
    }).immediate();
  }

  /** Rows by status (tests and the soak report): sent, rejected, unknown, pending. */
  counts(): Record<"sent" | "rejected" | "unknown" | "pending", number> {
    const rows = this.db
      .prepare("SELECT COALESCE(status, CASE WHEN delivered_at IS NULL THEN 'pending' ELSE 'sent' END) AS s, COUNT(*) AS n FROM outbox GROUP BY s")
      .all() as Array<{ s: string; n: number }>;
    const out = { sent: 0, rejected: 0, unknown: 0, pending: 0 };
    for (const row of rows) if (row.s in out) out[row.s as keyof typeof out] = row.n;
    return out;
  }

  add(platform: Platform, chatId: string, reply: Reply, now = Date.now()): number {
    return Number(this.insert.run(now, platform, chatId, JSON.stringify(reply)).lastInsertRowid);
  }

  /** Up to `limit` undelivered items for `platform`, leased for `OUTBOX_LEASE_MS`. */
  take(platform: Platform, limit: number, now = Date.now(), owner: string | null = null): OutboxItem[] {
    return this.db.transaction(() => {
      const rows = this.pending.all(platform, now, now - OUTBOX_LEASE_MS, Math.max(0, Math.floor(limit)));
      const items: OutboxItem[] = [];
      for (const row of rows) {
        this.lease.run(now, owner, Number(row.id));
        try {
          const item: OutboxItem = { id: Number(row.id), platform, chatId: String(row.chat_id), reply: JSON.parse(String(row.reply)) as Reply };
          if (row.reply_to !== null && row.reply_to !== undefined) item.replyTo = String(row.reply_to);
          if (row.is_group) item.isGroup = true;
          items.push(item);
        } catch {
          this.ack.run(now, "rejected", Number(row.id));
        }
      }
      return items;
    }).immediate();
  }

  acknowledge(ids: readonly number[], now = Date.now()): void {
    this.db.transaction(() => {
      for (const id of ids) this.ack.run(now, "sent", id);
    })();
  }

  /** Undelivered items, all platforms (the queue-depth metric). */
  depth(): number {
    return Number(this.countPending.get()?.n ?? 0);
  }
}
