import type Database from "better-sqlite3";
import type { Locale } from "../core/reply-types.ts";
import type { Platform } from "../runtime/types.ts";

/** How long a tip button stays valid (ms); the post's text waits in memory only this long. */
export const TIP_PENDING_TTL_MS = 6 * 60 * 60 * 1000;
/** At most this many posts wait for consent in memory; the oldest is dropped first. */
export const TIP_PENDING_MAX = 1000;
/** Longest tip text stored (characters). */
export const TIP_TEXT_MAX_CHARS = 8000;

/** A post waiting, in memory only, for the user to press the tip button. */
export interface PendingTip {
  text: string;
  urls: string[];
  language?: string;
  locale: Locale;
  platform: Platform;
  /** Where to tell the user when a fact-check appears (stored only once the user consents). */
  chatId: string;
  userHash: string;
  expiresAt: number;
}

/**
 * Bounded, expiring in-memory map of posts offered as tips (token → post). Nothing here touches the disk: if the
 * user never presses the button, the text is forgotten.
 */
export class PendingTips {
  private readonly items = new Map<string, PendingTip>();
  constructor(
    private readonly max = TIP_PENDING_MAX,
    private readonly ttlMs = TIP_PENDING_TTL_MS,
  ) {}

  put(token: string, tip: Omit<PendingTip, "expiresAt">, now = Date.now()): void {
    this.prune(now);
    while (this.items.size >= this.max) {
      const oldest = this.items.keys().next().value;
      if (oldest === undefined) break;
      this.items.delete(oldest);
    }
    this.items.set(token, { ...tip, text: tip.text.slice(0, TIP_TEXT_MAX_CHARS), expiresAt: now + this.ttlMs });
  }

  /** Removes and returns the pending tip, or undefined when unknown or expired. */
  take(token: string, now = Date.now()): PendingTip | undefined {
    const tip = this.items.get(token);
    if (!tip) return undefined;
    this.items.delete(token);
    return tip.expiresAt > now ? tip : undefined;
  }

  get size(): number {
    return this.items.size;
  }

  private prune(now: number): void {
    for (const [token, tip] of this.items) if (tip.expiresAt <= now) this.items.delete(token);
  }
}

/** A consented tip as stored. */
export interface TipRow {
  id: number;
  createdAt: number;
  platform: Platform;
  chatId: string;
  userHash: string;
  text: string;
  urls: string[];
  language: string | null;
  locale: Locale;
  status: "open" | "notified";
  factCheckId: string | null;
  notifiedAt: number | null;
}

/** The tip queue for fact-checkers: posts users explicitly chose to send. */
export class TipStore {
  private readonly insert: Database.Statement;
  private readonly selectAll: Database.Statement<[], Record<string, unknown>>;
  private readonly selectOpen: Database.Statement<[], Record<string, unknown>>;
  private readonly markNotified: Database.Statement<[string, number, number]>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO tips (created_at, platform, chat_id, user_hash, text, urls, language, locale)
       VALUES (@createdAt, @platform, @chatId, @userHash, @text, @urls, @language, @locale)`,
    );
    this.selectAll = db.prepare("SELECT * FROM tips ORDER BY id");
    this.selectOpen = db.prepare("SELECT * FROM tips WHERE status = 'open' ORDER BY id");
    this.markNotified = db.prepare(
      "UPDATE tips SET status = 'notified', fact_check_id = ?, notified_at = ? WHERE id = ? AND status = 'open'",
    );
  }

  add(tip: PendingTip, now = Date.now()): number {
    const result = this.insert.run({
      createdAt: now,
      platform: tip.platform,
      chatId: tip.chatId,
      userHash: tip.userHash,
      text: tip.text,
      urls: JSON.stringify(tip.urls),
      language: tip.language ?? null,
      locale: tip.locale,
    });
    return Number(result.lastInsertRowid);
  }

  list(): TipRow[] {
    return this.selectAll.all().map(toTip);
  }

  open(): TipRow[] {
    return this.selectOpen.all().map(toTip);
  }

  /** Marks a tip notified (once): false when it already was. */
  setNotified(id: number, factCheckId: string, now = Date.now()): boolean {
    return this.markNotified.run(factCheckId, now, id).changes === 1;
  }
}

function toTip(row: Record<string, unknown>): TipRow {
  let urls: string[] = [];
  try {
    urls = JSON.parse(String(row.urls)) as string[];
  } catch {
    urls = [];
  }
  return {
    id: Number(row.id),
    createdAt: Number(row.created_at),
    platform: String(row.platform) as Platform,
    chatId: String(row.chat_id),
    userHash: String(row.user_hash),
    text: String(row.text),
    urls,
    language: row.language === null ? null : String(row.language),
    locale: row.locale === "ko" ? "ko" : "en",
    status: row.status === "notified" ? "notified" : "open",
    factCheckId: row.fact_check_id === null ? null : String(row.fact_check_id),
    notifiedAt: row.notified_at === null ? null : Number(row.notified_at),
  };
}
