import type Database from "better-sqlite3";
import type { Lookup } from "../core/lookup-types.ts";

/** How many candidates (id + score) an answer keeps for the feedback report. */
export const ANSWER_CANDIDATES_KEPT = 5;

/** One answer the bot gave, without any text: what a feedback token points at. */
export interface AnswerRow {
  token: string;
  createdAt: number;
  mode: string;
  outcome: string;
  chatHash: string;
  topId: string | null;
  topScore: number | null;
  candidates: Array<{ id: string; score: number }>;
}

/** A feedback row joined with what was answered. */
export interface FeedbackRow extends Omit<AnswerRow, "chatHash"> {
  userHash: string;
  value: "helpful" | "wrong";
}

/** Answers (token → lookup ids and scores) and the feedback users gave on them. Never any message text. */
export class FeedbackStore {
  private readonly insertAnswer: Database.Statement;
  private readonly selectAnswer: Database.Statement<[string], Record<string, unknown>>;
  private readonly upsertFeedback: Database.Statement;
  private readonly selectFeedback: Database.Statement<[number], Record<string, unknown>>;

  constructor(db: Database.Database) {
    this.insertAnswer = db.prepare(
      `INSERT OR REPLACE INTO answers (token, created_at, mode, outcome, chat_hash, top_id, top_score, candidates)
       VALUES (@token, @createdAt, @mode, @outcome, @chatHash, @topId, @topScore, @candidates)`,
    );
    this.selectAnswer = db.prepare("SELECT * FROM answers WHERE token = ?");
    this.upsertFeedback = db.prepare(
      `INSERT INTO feedback (token, user_hash, value, created_at, mode, outcome, top_id, top_score, candidates)
       VALUES (@token, @userHash, @value, @createdAt, @mode, @outcome, @topId, @topScore, @candidates)
       ON CONFLICT(token, user_hash) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
    );
    this.selectFeedback = db.prepare("SELECT * FROM feedback WHERE created_at >= ? ORDER BY created_at");
  }

  /** Remembers an answer under `token` (ids and scores of the lookup, no text). */
  saveAnswer(token: string, lookup: Lookup, chatHash: string, now = Date.now()): void {
    const scored = lookup.outcome === "match" || lookup.outcome === "related" ? lookup.matches : lookup.candidates;
    const candidates = scored.slice(0, ANSWER_CANDIDATES_KEPT).map((m) => ({ id: m.factCheck.id, score: round(m.score) }));
    const top = lookup.matches[0];
    this.insertAnswer.run({
      token,
      createdAt: now,
      mode: lookup.mode,
      outcome: lookup.outcome,
      chatHash,
      topId: top?.factCheck.id ?? null,
      topScore: top ? round(top.score) : null,
      candidates: JSON.stringify(candidates),
    });
  }

  getAnswer(token: string): AnswerRow | undefined {
    const row = this.selectAnswer.get(token);
    if (!row) return undefined;
    return {
      token: String(row.token),
      createdAt: Number(row.created_at),
      mode: String(row.mode),
      outcome: String(row.outcome),
      chatHash: String(row.chat_hash),
      topId: row.top_id === null ? null : String(row.top_id),
      topScore: row.top_score === null ? null : Number(row.top_score),
      candidates: parseCandidates(row.candidates),
    };
  }

  /** Records (or changes) one user's feedback on an answer. False when the token is unknown or expired. */
  record(token: string, userHash: string, value: "helpful" | "wrong", now = Date.now()): boolean {
    const answer = this.getAnswer(token);
    if (!answer) return false;
    this.upsertFeedback.run({
      token,
      userHash,
      value,
      createdAt: now,
      mode: answer.mode,
      outcome: answer.outcome,
      topId: answer.topId,
      topScore: answer.topScore,
      candidates: JSON.stringify(answer.candidates),
    });
    return true;
  }

  /** Feedback given since `since` (Unix ms), oldest first. */
  list(since = 0): FeedbackRow[] {
    return this.selectFeedback.all(since).map((row) => ({
      token: String(row.token),
      userHash: String(row.user_hash),
      value: row.value === "wrong" ? "wrong" : "helpful",
      createdAt: Number(row.created_at),
      mode: String(row.mode),
      outcome: String(row.outcome),
      topId: row.top_id === null ? null : String(row.top_id),
      topScore: row.top_score === null ? null : Number(row.top_score),
      candidates: parseCandidates(row.candidates),
    }));
  }
}

function round(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}

function parseCandidates(raw: unknown): Array<{ id: string; score: number }> {
  try {
    const parsed = JSON.parse(String(raw)) as Array<{ id: string; score: number }>;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
