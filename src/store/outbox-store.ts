import type Database from "better-sqlite3";
import type { Reply } from "../core/reply-types.ts";
import type { OutboxItem, Platform } from "../runtime/types.ts";

/** An item taken but not acknowledged is offered again after this long (ms): the adapter may have crashed. */
export const OUTBOX_LEASE_MS = 5 * 60 * 1000;

/** Platform-neutral messages waiting for delivery (tip notifications, trend alerts). */
export class OutboxStore {
  private readonly insert: Database.Statement<[number, string, string, string]>;
  private readonly pending: Database.Statement<[string, number, number], Record<string, unknown>>;
  private readonly lease: Database.Statement<[number, number]>;
  private readonly ack: Database.Statement<[number, number]>;
  private readonly countPending: Database.Statement<[], { n: number }>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare("INSERT INTO outbox (created_at, platform, chat_id, reply) VALUES (?, ?, ?, ?)");
    this.pending = db.prepare(
      `SELECT id, platform, chat_id, reply FROM outbox
       WHERE platform = ? AND delivered_at IS NULL AND (taken_at IS NULL OR taken_at < ?) ORDER BY id LIMIT ?`,
    );
    this.lease = db.prepare("UPDATE outbox SET taken_at = ? WHERE id = ?");
    this.ack = db.prepare("UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL");
    this.countPending = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL");
  }

  add(platform: Platform, chatId: string, reply: Reply, now = Date.now()): number {
    return Number(this.insert.run(now, platform, chatId, JSON.stringify(reply)).lastInsertRowid);
  }

  /** Up to `limit` undelivered items for `platform`, leased for `OUTBOX_LEASE_MS`. */
  take(platform: Platform, limit: number, now = Date.now()): OutboxItem[] {
    return this.db.transaction(() => {
      const rows = this.pending.all(platform, now - OUTBOX_LEASE_MS, Math.max(0, Math.floor(limit)));
      const items: OutboxItem[] = [];
      for (const row of rows) {
        this.lease.run(now, Number(row.id));
        try {
          items.push({ id: Number(row.id), platform, chatId: String(row.chat_id), reply: JSON.parse(String(row.reply)) as Reply });
        } catch {
          this.ack.run(now, Number(row.id));
        }
      }
      return items;
    })();
  }

  acknowledge(ids: readonly number[], now = Date.now()): void {
    this.db.transaction(() => {
      for (const id of ids) this.ack.run(now, id);
    })();
  }

  /** Undelivered items, all platforms (the queue-depth metric). */
  depth(): number {
    return Number(this.countPending.get()?.n ?? 0);
  }
}
