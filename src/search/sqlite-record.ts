import type Database from "better-sqlite3";
import { hash } from "node:crypto";
import { FACT_CHECK_KEYS, type FactCheck } from "../core/factcheck.ts";

/**
 * The compact row of a fact-check in `fc_records` (index schema 3), and its exact way back to the record.
 * Why: at 200k records the JSON text (keys, repeated publisher/licence/source strings, dates as text) was 60% of
 * the file. Here the texts are plain columns, repeated short strings are integer ids into `fc_strings`, dates are
 * integers, the review URL is split into a shared prefix (scheme, host, first path segment) and the rest, and the
 * rarely used arrays sit in one JSON column only when non-empty. A summary that begins with the claim (Cofacts: the
 * claim is cut from the reply) keeps only what follows it (`flags` bit 1). Texts mostly in CJK or other scripts of
 * 3-byte UTF-8 are stored as UTF-16 blobs (2 bytes a character). Reading a row builds the record without JSON.parse.
 */

/** Column order of a row, as `encodeRecord` returns it and the statements bind it. */
export const RECORD_COLUMNS = [
  "id_key",
  "id",
  "claim",
  "title",
  "summary",
  "claimant",
  "url_prefix",
  "url_rest",
  "review_date",
  "claim_date",
  "publisher",
  "site",
  "rating",
  "verdict",
  "language",
  "source",
  "license",
  "extra",
  "flags",
] as const;

/** `flags` bit: `summary` holds only what follows the claim. */
const SUMMARY_AFTER_CLAIM = 1;

/** A text column: UTF-8 text, or a UTF-16LE blob when that is shorter. */
export type PackedText = string | Buffer;

/** A row as SQLite hands it back (and as it is bound, in `RECORD_COLUMNS` order). */
export interface RecordRow {
  id_key: number;
  id: string;
  claim: PackedText;
  title: PackedText | null;
  summary: PackedText | null;
  claimant: PackedText | null;
  url_prefix: number;
  url_rest: string;
  review_date: number | string;
  claim_date: number | string | null;
  publisher: number;
  site: number | null;
  rating: number;
  verdict: number;
  language: number;
  source: number;
  license: number;
  extra: string | null;
  flags: number;
}

/** Values of a row in `RECORD_COLUMNS` order. */
export type RecordValues = [
  number, string, PackedText, PackedText | null, PackedText | null, PackedText | null, number, string, number | string,
  number | string | null, number, number | null, number, number, number, number, number, string | null, number,
];

/** A text as stored: UTF-16LE bytes when they are fewer than its UTF-8 bytes (CJK, Hangul, most Indic scripts). */
export function packText(text: string): PackedText {
  // Only text with characters above U+07FF can be shorter in UTF-16; the length test rules out ASCII at once.
  return text.length * 2 < Buffer.byteLength(text) ? Buffer.from(text, "utf16le") : text;
}

export function unpackText(value: PackedText): string {
  return typeof value === "string" ? value : value.toString("utf16le");
}

/** The stored summary: what follows the claim when the summary begins with it (flag set), else the summary. */
export function summaryColumns(claim: string, summary: string | undefined): { summary: PackedText | null; flags: number } {
  if (summary === undefined) return { summary: null, flags: 0 };
  if (summary.startsWith(claim)) return { summary: packText(summary.slice(claim.length)), flags: SUMMARY_AFTER_CLAIM };
  return { summary: packText(summary), flags: 0 };
}


const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Scheme, host and first path segment of an http(s) URL, printable ASCII only (so SQL `substr` agrees with JS). */
const URL_PREFIX = /^https?:\/\/[\x21-\x2e\x30-\x7e]+\/(?:[\x21-\x22\x24-\x2e\x30-\x3e\x40-\x7e]+\/)?/;

/** The first 48 bits of a text's SHA-1 (a safe JS integer): the key of record ids and of URLs. */
export function key48(text: string): number {
  return hash("sha1", text, "buffer").readUIntBE(0, 6);
}

/** The key of a record id in `fc_records.id_key`. */
export function idKey(id: string): number {
  return key48(id);
}

/** Length of the shared prefix of a URL (0 when it has none); the same rule as the schema-3 migration. */
export function urlPrefixLength(url: string): number {
  return URL_PREFIX.exec(url)?.[0].length ?? 0;
}

/** `2024-03-05` → 20240305; any other text stays text (SQLite keeps it as given), so the way back is exact. */
export function dayNumber(date: string): number | string {
  const m = ISO_DAY.exec(date);
  return m ? Number(m[1]! + m[2]! + m[3]!) : date;
}

/** The inverse of `dayNumber`. */
export function dayText(day: number | string): string {
  if (typeof day === "string") return day;
  const s = String(day).padStart(8, "0");
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/**
 * Short repeated strings (publisher names and sites, ratings, verdicts, languages, sources, licences, URL
 * prefixes) as integer ids in `fc_strings`, cached both ways in memory. Ids handed out inside a transaction that
 * rolls back are forgotten with `reset()`.
 */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly texts = new Map<number, string>();
  private readonly findStmt: Database.Statement<[string], { sid: number }>;
  private readonly insertStmt: Database.Statement<[string]>;
  private readonly textStmt: Database.Statement<[number], { s: string }>;

  constructor(db: Database.Database) {
    this.findStmt = db.prepare("SELECT sid FROM fc_strings WHERE s = ?");
    this.insertStmt = db.prepare("INSERT INTO fc_strings (s) VALUES (?)");
    this.textStmt = db.prepare("SELECT s FROM fc_strings WHERE sid = ?");
  }

  /** The id of `text`, added when new (call inside the write transaction). */
  id(text: string): number {
    let sid = this.ids.get(text);
    if (sid !== undefined) return sid;
    sid = this.findStmt.get(text)?.sid ?? Number(this.insertStmt.run(text).lastInsertRowid);
    this.remember(sid, text);
    return sid;
  }

  /** The text of an id; throws on an id the table does not hold (a corrupt row). */
  text(sid: number): string {
    const cached = this.texts.get(sid);
    if (cached !== undefined) return cached;
    const row = this.textStmt.get(sid);
    if (!row) throw new Error(`fc_strings has no string ${sid}`);
    this.remember(sid, row.s);
    return row.s;
  }

  private remember(sid: number, text: string): void {
    this.ids.set(text, sid);
    this.texts.set(sid, text);
  }

  /** Forgets every cached id (after a rolled-back write, or another connection's write). */
  reset(): void {
    this.ids.clear();
    this.texts.clear();
  }
}

/** The row values of a record, in `RECORD_COLUMNS` order. */
export function encodeRecord(record: FactCheck, strings: StringTable): RecordValues {
  const url = record.url;
  const cut = urlPrefixLength(url);
  const site = record.publisher.site;
  const summary = summaryColumns(record.claim, record.summary);
  return [
    idKey(record.id),
    record.id,
    packText(record.claim),
    record.title === undefined ? null : packText(record.title),
    summary.summary,
    record.claimant === undefined ? null : packText(record.claimant),
    strings.id(url.slice(0, cut)),
    url.slice(cut),
    dayNumber(record.reviewDate),
    record.claimDate === undefined ? null : dayNumber(record.claimDate),
    strings.id(record.publisher.name),
    site === undefined ? null : strings.id(site),
    strings.id(record.rating),
    strings.id(record.verdict),
    strings.id(record.language),
    strings.id(record.source),
    strings.id(record.license),
    extraColumn(record),
    summary.flags,
  ];
}

/**
 * The `extra` column: alternative claims and appearance URLs when there are any, and any key the other columns do
 * not hold (`x`); null when there is nothing (most records). Also used by the schema-3 migration.
 */
export function extraColumn(record: FactCheck): string | null {
  const extra: Record<string, unknown> = {};
  if (record.altClaims?.length) extra.altClaims = record.altClaims;
  if (record.appearances?.length) extra.appearances = record.appearances;
  let others: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    // The columns hold the record's own keys; any other key with a value goes to `extra.x` so nothing is lost.
    if (FACT_CHECK_KEYS.has(key)) continue;
    const value = (record as unknown as Record<string, unknown>)[key];
    if (value !== undefined) (others ??= {})[key] = value;
  }
  if (others) extra.x = others;
  return extra.altClaims || extra.appearances || extra.x ? JSON.stringify(extra) : null;
}

/** True when a stored row holds exactly these values (an upsert of an unchanged record does nothing). */
export function rowEquals(row: RecordRow, values: RecordValues): boolean {
  for (let i = 0; i < RECORD_COLUMNS.length; i++) {
    const stored = row[RECORD_COLUMNS[i]!];
    const value = values[i];
    if (stored === value) continue;
    if (Buffer.isBuffer(stored) && Buffer.isBuffer(value) && stored.equals(value)) continue;
    return false;
  }
  return true;
}

/** The record a row holds, keys in the schema's order; equal to the record that was written. */
export function decodeRecord(row: RecordRow, strings: StringTable): FactCheck {
  return decodeRecordAt(RECORD_COLUMNS.map((column) => row[column]), 0, strings);
}

/**
 * `decodeRecord` for a raw row (an array, as `Statement.raw()` returns it) whose record columns start at `offset`
 * in `RECORD_COLUMNS` order. The search reads its hits this way: no row object of 21 keys per hit.
 */
export function decodeRecordAt(values: readonly unknown[], offset: number, strings: StringTable): FactCheck {
  const v = (column: number) => values[offset + column];
  const extraText = v(17) as string | null;
  const extra = extraText === null ? undefined : (JSON.parse(extraText) as {
    altClaims?: string[];
    appearances?: string[];
    x?: Record<string, unknown>;
  });
  const claim = unpackText(v(2) as PackedText);
  const record: Record<string, unknown> = { id: v(1), claim, altClaims: extra?.altClaims ?? [] };
  const title = v(3) as PackedText | null;
  if (title !== null) record.title = unpackText(title);
  const summary = v(4) as PackedText | null;
  if (summary !== null) record.summary = (v(18) as number) & SUMMARY_AFTER_CLAIM ? claim + unpackText(summary) : unpackText(summary);
  record.rating = strings.text(v(12) as number);
  record.verdict = strings.text(v(13) as number);
  const site = v(11) as number | null;
  const publisher = strings.text(v(10) as number);
  record.publisher = site === null ? { name: publisher } : { name: publisher, site: strings.text(site) };
  record.url = strings.text(v(6) as number) + (v(7) as string);
  record.reviewDate = dayText(v(8) as number | string);
  const claimDate = v(9) as number | string | null;
  if (claimDate !== null) record.claimDate = dayText(claimDate);
  const claimant = v(5) as PackedText | null;
  if (claimant !== null) record.claimant = unpackText(claimant);
  record.language = strings.text(v(14) as number);
  record.appearances = extra?.appearances ?? [];
  record.source = strings.text(v(15) as number);
  record.license = strings.text(v(16) as number);
  if (extra?.x) Object.assign(record, extra.x);
  return record as unknown as FactCheck;
}
