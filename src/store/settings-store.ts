import type Database from "better-sqlite3";
import { z } from "zod";
import { LruMap } from "../core/lru.ts";
import type { ChatSettings } from "../runtime/types.ts";

/** Settings of a chat nobody configured: auto-check off, so the bot is silent in groups until an admin opts in. */
export const DEFAULT_CHAT_SETTINGS: Readonly<ChatSettings> = Object.freeze({
  autoCheck: false,
  sensitivity: "normal",
  action: "reply",
  cooldownMinutes: 60,
  minLength: 20,
});

const StoredSettings = z.object({
  autoCheck: z.boolean().catch(DEFAULT_CHAT_SETTINGS.autoCheck),
  sensitivity: z.enum(["strict", "normal"]).catch(DEFAULT_CHAT_SETTINGS.sensitivity),
  action: z.enum(["reply", "react", "alert", "log-only"]).catch(DEFAULT_CHAT_SETTINGS.action),
  cooldownMinutes: z.number().int().min(0).catch(DEFAULT_CHAT_SETTINGS.cooldownMinutes),
  logChatId: z.string().optional().catch(undefined),
  language: z.enum(["en", "ko"]).optional().catch(undefined),
  minLength: z.number().int().min(0).catch(DEFAULT_CHAT_SETTINGS.minLength),
  ocr: z.boolean().optional().catch(undefined),
});

/** Chats whose settings are kept in memory (least recently used out first); one entry is a few hundred bytes. */
export const SETTINGS_CACHE_MAX = 10_000;

/**
 * Per-chat settings, keyed by the chat's keyed hash. Reads are cached (at most `SETTINGS_CACHE_MAX` chats: every
 * private chat and DM asks once, so an unbounded cache grew with the number of users); writes go through.
 */
export class ChatSettingsStore {
  private readonly cache: LruMap<string, ChatSettings>;
  private readonly select: Database.Statement<[string], { settings: string }>;
  private readonly upsert: Database.Statement<[string, string, number]>;

  constructor(db: Database.Database, cacheMax = SETTINGS_CACHE_MAX) {
    this.cache = new LruMap(cacheMax);
    this.select = db.prepare("SELECT settings FROM chat_settings WHERE chat_hash = ?");
    this.upsert = db.prepare(
      `INSERT INTO chat_settings (chat_hash, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(chat_hash) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    );
  }

  get(chatHash: string): ChatSettings {
    const cached = this.cache.get(chatHash);
    if (cached) return { ...cached };
    const row = this.select.get(chatHash);
    let settings: ChatSettings = { ...DEFAULT_CHAT_SETTINGS };
    if (row) {
      try {
        settings = stripUndefined(StoredSettings.parse({ ...DEFAULT_CHAT_SETTINGS, ...JSON.parse(row.settings) }));
      } catch {
        settings = { ...DEFAULT_CHAT_SETTINGS };
      }
    }
    this.cache.set(chatHash, settings);
    return { ...settings };
  }

  /** Applies `patch` (keys set to undefined are removed) and returns the new settings. */
  update(chatHash: string, patch: Partial<ChatSettings>, now = Date.now()): ChatSettings {
    const next: Record<string, unknown> = { ...this.get(chatHash) };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    const settings = stripUndefined(StoredSettings.parse(next));
    this.upsert.run(chatHash, JSON.stringify(settings), now);
    this.cache.set(chatHash, settings);
    return { ...settings };
  }

  /** Chats in the cache (for tests and metrics). */
  get cached(): number {
    return this.cache.size;
  }
}

function stripUndefined(settings: z.output<typeof StoredSettings>): ChatSettings {
  const out: ChatSettings = {
    autoCheck: settings.autoCheck,
    sensitivity: settings.sensitivity,
    action: settings.action,
    cooldownMinutes: settings.cooldownMinutes,
    minLength: settings.minLength,
  };
  if (settings.logChatId !== undefined) out.logChatId = settings.logChatId;
  if (settings.language !== undefined) out.language = settings.language;
  if (settings.ocr !== undefined) out.ocr = settings.ocr;
  return out;
}
