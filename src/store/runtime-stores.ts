import type Database from "better-sqlite3";
import { FeedbackStore } from "./feedback-store.ts";
import { OutboxStore } from "./outbox-store.ts";
import { migrateRuntimeSchema } from "./runtime-schema.ts";
import { RuntimeStateStore } from "./runtime-state-store.ts";
import { ChatSettingsStore } from "./settings-store.ts";
import { PendingTips, TipStore } from "./tip-store.ts";
import { TrendStore } from "./trend-store.ts";

/** The runtime's stores, all in the one SQLite file (the pending tips live in memory only). */
export interface RuntimeStores {
  db: Database.Database;
  settings: ChatSettingsStore;
  feedback: FeedbackStore;
  tips: TipStore;
  pendingTips: PendingTips;
  trends: TrendStore;
  outbox: OutboxStore;
  /** Cooldowns, rate windows, flood windows and processed update ids (durable, shared by processes). */
  state: RuntimeStateStore;
}

/** Migrates the runtime's tables and opens its stores on `db`. */
export function openRuntimeStores(db: Database.Database): RuntimeStores {
  migrateRuntimeSchema(db);
  return {
    db,
    settings: new ChatSettingsStore(db),
    feedback: new FeedbackStore(db),
    tips: new TipStore(db),
    pendingTips: new PendingTips(),
    trends: new TrendStore(db),
    outbox: new OutboxStore(db),
    state: new RuntimeStateStore(db),
  };
}
