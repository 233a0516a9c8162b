import type Database from "better-sqlite3";
import { hash } from "node:crypto";
import { FACT_CHECK_KEYS, type FactCheck } from "../core/factcheck.ts";

/**
 * The compact row of a fact-check in `fc_records` (index schema 4), and its exact way back to the record.
 * Why: at 200k records the JSON text (keys, repeated publisher/licence/source strings, dates as text) was 60% of
 * the file. Here the texts are plain columns, the review URL is split into a shared prefix (scheme, host, first
 * path segment; an id into `fc_strings`) and the rest, dates are integers, and the seven short strings every record
 * carries (publisher name and site, rating, verdict, language, source, licence) are one id into `fc_profiles`, whose
 * rows hold their `fc_strings` ids (a few hundred combinations for hundreds of thousands of records). `extra` holds
 * the rarely used arrays only when non-empty: appearance URLs alone as `<prefix id> <rest>` lines, anything else as
 * JSON. A summary that begins with the claim keeps only what follows it (`flags` bit 1). Texts mostly in CJK or
 * other scripts of 3-byte UTF-8 are stored as UTF-16 blobs (2 bytes a character). Reading a row builds the record
 * without JSON.parse (but for the rare JSON `extra`).
 */

/** Column order of a row, as `rowValues` returns it and the statements bind it. */
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
  "profile",
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
  profile: number;
  extra: string | null;
  flags: number;
}

/** Values of a row in `RECORD_COLUMNS` order. */
export type RecordValues = [
  number, string, PackedText, PackedText | null, PackedText | null, PackedText | null, number, string, number | string,
  number | string | null, number, string | null, number,
];

/** The seven short strings of a record's profile: publisher name, site (or null), rating, verdict, language, source, licence. */
export type ProfileParts = [string, string | null, string, string, string, string, string];

/**
 * A record's row as far as it can be computed without the database (so a worker thread can do it): every column
 * but the string and profile ids, the texts not yet packed, the FTS texts and the URL keys. A flat array of
 * strings and numbers, so that handing it to another thread is a cheap copy.
 */
export type PreparedRecord = [
  id: string,
  idKey: number,
  claim: string,
  title: string | null,
  summary: string | null,
  claimant: string | null,
  urlPrefix: string,
  urlRest: string,
  reviewDate: number | string,
  claimDate: number | string | null,
  profile: ProfileParts,
  /** Appearance URLs stored as `<prefix id> <rest>` lines; null when there are none or `extraJson` holds them. */
  appearances: string[] | null,
  extraJson: string | null,
  flags: number,
  ftsClaim: string,
  ftsTitle: string,
  ftsSummary: string,
  urlKeys: number[],
];

/** Positions in a `PreparedRecord`, by the names of its elements. */
export const PREPARED = {
  id: 0, idKey: 1, claim: 2, title: 3, summary: 4, claimant: 5, urlPrefix: 6, urlRest: 7, reviewDate: 8, claimDate: 9,
  profile: 10, appearances: 11, extraJson: 12, flags: 13, ftsClaim: 14, ftsTitle: 15, ftsSummary: 16, urlKeys: 17,
} as const;

/** A text as stored: UTF-16LE bytes when they are fewer than its UTF-8 bytes (CJK, Hangul, most Indic scripts). */
export function packText(text: string): PackedText {
  // Only text with characters above U+07FF can be shorter in UTF-16; the length test rules out ASCII at once.
  return text.length * 2 < Buffer.byteLength(text) ? Buffer.from(text, "utf16le") : text;
}

/** `packText`, and null for null. */
function packOrNull(text: string | null): PackedText | null {
  return text === null ? null : packText(text);
}

export function unpackText(value: PackedText): string {
  return typeof value === "string" ? value : value.toString("utf16le");
}

/** The stored summary text (not yet packed) and its flags: what follows the claim when the summary begins with it. */
export function summaryText(claim: string, summary: string | undefined): { summary: string | null; flags: number } {
  if (summary === undefined) return { summary: null, flags: 0 };
  if (summary.startsWith(claim)) return { summary: summary.slice(claim.length), flags: SUMMARY_AFTER_CLAIM };
  return { summary, flags: 0 };
}

/** The stored summary: `summaryText`, packed. Also used by the schema-3 migration. */
export function summaryColumns(claim: string, summary: string | undefined): { summary: PackedText | null; flags: number } {
  const stored = summaryText(claim, summary);
  return { summary: packOrNull(stored.summary), flags: stored.flags };
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Scheme, host and first path segment of an http(s) URL, printable ASCII only (so SQL `substr` agrees with JS). */
const URL_PREFIX = /^https?:\/\/[\x21-\x2e\x30-\x7e]+\/(?:[\x21-\x22\x24-\x2e\x30-\x3e\x40-\x7e]+\/)?/;

/** The first 48 bits of a text's SHA-1 (a safe JS integer): the key of record ids and URLs in schemas 2 and 3. */
export function key48(text: string): number {
  // The first 12 hex digits: the same number as reading 6 bytes of a digest Buffer, without making the Buffer (a hex
  // string costs ~0.4 µs a key, a Buffer ~0.9 µs; four keys a record on an import, issue 15).
  return parseInt(hash("sha1", text, "hex").slice(0, 12), 16);
}

/**
 * The first 31 bits of a text's SHA-1 (`key48 >> 17`): the key of record ids and URLs since schema 4. A 4-byte
 * integer in SQLite instead of 6; a key shared by two texts is told apart on read, as with 48 bits.
 */
export function key31(text: string): number {
  // The first 31 of `key48`'s 48 bits (`readUInt32BE(0) >>> 1` of the digest).
  return Math.floor(key48(text) / 2 ** 17);
}

/** The key of a record id in `fc_records.id_key`. */
export function idKey(id: string): number {
  return key31(id);
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

/** A record's profile as decoded: fresh objects per record are built from it. */
interface Profile {
  publisher: string;
  site: string | null;
  rating: string;
  verdict: string;
  language: string;
  source: string;
  license: string;
}

/**
 * Short repeated strings (publisher names and sites, ratings, verdicts, languages, sources, licences, URL
 * prefixes) as integer ids in `fc_strings`, and the profiles that combine seven of them (`fc_profiles`), cached
 * both ways in memory. Ids handed out inside a transaction that rolls back are forgotten with `reset()`.
 */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly texts = new Map<number, string>();
  private readonly profileIds = new Map<string, number>();
  /** `profileIds` by the parts array itself: prepared rows share one array a profile (`prepareRecord`). */
  private profileIdsByParts = new WeakMap<ProfileParts, number>();
  private readonly profiles = new Map<number, Profile>();
  private readonly findStmt: Database.Statement<[string], { sid: number }>;
  private readonly insertStmt: Database.Statement<[string]>;
  private readonly textStmt: Database.Statement<[number], { s: string }>;
  private readonly findProfileStmt: Database.Statement<ProfileSids, { pid: number }>;
  private readonly insertProfileStmt: Database.Statement<ProfileSids>;
  private readonly profileStmt: Database.Statement<[number], ProfileSids>;

  constructor(db: Database.Database) {
    this.findStmt = db.prepare("SELECT sid FROM fc_strings WHERE s = ?");
    this.insertStmt = db.prepare("INSERT INTO fc_strings (s) VALUES (?)");
    this.textStmt = db.prepare("SELECT s FROM fc_strings WHERE sid = ?");
    this.findProfileStmt = db.prepare(
      `SELECT pid FROM fc_profiles WHERE publisher = ? AND site IS ? AND rating = ? AND verdict = ? AND language = ?
       AND source = ? AND license = ?`,
    );
    this.insertProfileStmt = db.prepare(
      "INSERT INTO fc_profiles (publisher, site, rating, verdict, language, source, license) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    this.profileStmt = db
      .prepare<[number], ProfileSids>("SELECT publisher, site, rating, verdict, language, source, license FROM fc_profiles WHERE pid = ?")
      .raw(true);
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

  /** The id of a profile, added when new (call inside the write transaction). */
  profileId(parts: ProfileParts): number {
    let pid = this.profileIdsByParts.get(parts);
    if (pid !== undefined) return pid;
    const key = JSON.stringify(parts);
    pid = this.profileIds.get(key);
    if (pid !== undefined) {
      this.profileIdsByParts.set(parts, pid);
      return pid;
    }
    // The strings in the order the schema-3 writer added them, so their ids keep that order.
    const sids: ProfileSids = [
      this.id(parts[0]),
      parts[1] === null ? null : this.id(parts[1]),
      this.id(parts[2]),
      this.id(parts[3]),
      this.id(parts[4]),
      this.id(parts[5]),
      this.id(parts[6]),
    ];
    pid = this.findProfileStmt.get(...sids)?.pid ?? Number(this.insertProfileStmt.run(...sids).lastInsertRowid);
    this.profileIds.set(key, pid);
    this.profileIdsByParts.set(parts, pid);
    return pid;
  }

  /** The profile of an id; throws on an id the table does not hold (a corrupt row). */
  profile(pid: number): Profile {
    const cached = this.profiles.get(pid);
    if (cached !== undefined) return cached;
    const sids = this.profileStmt.get(pid) as ProfileSids | undefined;
    if (!sids) throw new Error(`fc_profiles has no profile ${pid}`);
    const profile: Profile = {
      publisher: this.text(sids[0]),
      site: sids[1] === null ? null : this.text(sids[1]),
      rating: this.text(sids[2]),
      verdict: this.text(sids[3]),
      language: this.text(sids[4]),
      source: this.text(sids[5]),
      license: this.text(sids[6]),
    };
    this.profiles.set(pid, profile);
    return profile;
  }

  private remember(sid: number, text: string): void {
    this.ids.set(text, sid);
    this.texts.set(sid, text);
  }

  /** Forgets every cached id (after a rolled-back write, or another connection's write). */
  reset(): void {
    this.ids.clear();
    this.texts.clear();
    this.profileIds.clear();
    this.profileIdsByParts = new WeakMap();
    this.profiles.clear();
  }
}

type ProfileSids = [number, number | null, number, number, number, number, number];

/** True when an appearance URL can be a `<prefix id> <rest>` line of `extra` (no line break in it). */
function lineSafe(url: string): boolean {
  return !url.includes("\n");
}

/**
 * The `extra` column in schema 3: alternative claims and appearance URLs when there are any, and any key the other
 * columns do not hold (`x`); null when there is nothing (most records). Used by the schema-3 migration, and in
 * schema 4 for the records whose `extra` is not only appearance URLs.
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

/** True when a schema-3 `extra` holds appearance URLs only, each fit for a line (the schema-4 migration asks). */
export function appearancesOnly(extraJson: string): boolean {
  const extra = JSON.parse(extraJson) as Record<string, unknown>;
  const keys = Object.keys(extra);
  return keys.length === 1 && keys[0] === "appearances" && (extra.appearances as string[]).every(lineSafe);
}

/** Whether a record's `extra` is its appearance URLs as lines (else JSON, or null when there is nothing). */
function extraParts(record: FactCheck): { appearances: string[] | null; json: string | null } {
  const appearances = record.appearances;
  if (appearances?.length && !record.altClaims?.length && appearances.every(lineSafe)) {
    let onlyOwnKeys = true;
    for (const key of Object.keys(record)) {
      if (!FACT_CHECK_KEYS.has(key) && (record as unknown as Record<string, unknown>)[key] !== undefined) onlyOwnKeys = false;
    }
    if (onlyOwnKeys) return { appearances: [...appearances], json: null };
  }
  return { appearances: null, json: extraColumn(record) };
}

/** Profiles seen by `prepareRecord` on this thread, by their seven parts joined; emptied past this many. */
const SHARED_PROFILES_MAX = 4096;
const sharedProfiles = new Map<string, ProfileParts>();

/**
 * One array for every record of the same profile (issue 15): a batch of prepared rows then carries each profile once
 * through the structured clone to the writer (the clone keeps shared references), and `StringTable.profileId` finds
 * its id by the array instead of serialising its parts a record. The 100k-review feed: the clone's cost and the
 * writer's profile keys ~2–3 µs a record less, for ~0.5 µs here.
 */
function sharedProfile(parts: ProfileParts): ProfileParts {
  const key = `${parts[0]}\u0001${parts[1] ?? "\u0002"}\u0001${parts[2]}\u0001${parts[3]}\u0001${parts[4]}\u0001${parts[5]}\u0001${parts[6]}`;
  const shared = sharedProfiles.get(key);
  // The key is only a lookup: parts holding the separators could share it, so the parts themselves must agree.
  if (shared) return shared.every((part, i) => part === parts[i]) ? shared : parts;
  if (sharedProfiles.size >= SHARED_PROFILES_MAX) sharedProfiles.clear();
  sharedProfiles.set(key, parts);
  return parts;
}

/**
 * The row of a record without the database: see `PreparedRecord`. `fts` and `urlKeys` are the FTS texts and the
 * URL keys the index writes with (passed in so this module needs no text analysis of its own).
 */
export function prepareRecord(
  record: FactCheck,
  fts: { claim: string; title: string; summary: string },
  urlKeys: Iterable<number>,
): PreparedRecord {
  const url = record.url;
  const cut = urlPrefixLength(url);
  const summary = summaryText(record.claim, record.summary);
  const extra = extraParts(record);
  return [
    record.id,
    idKey(record.id),
    record.claim,
    record.title ?? null,
    summary.summary,
    record.claimant ?? null,
    url.slice(0, cut),
    url.slice(cut),
    dayNumber(record.reviewDate),
    record.claimDate === undefined ? null : dayNumber(record.claimDate),
    sharedProfile([record.publisher.name, record.publisher.site ?? null, record.rating, record.verdict, record.language, record.source, record.license]),
    extra.appearances,
    extra.json,
    summary.flags,
    fts.claim,
    fts.title,
    fts.summary,
    [...urlKeys],
  ];
}

/** The row values of a prepared record, in `RECORD_COLUMNS` order (string and profile ids resolved). */
export function rowValues(p: PreparedRecord, strings: StringTable): RecordValues {
  const urlPrefix = strings.id(p[PREPARED.urlPrefix]);
  const profile = strings.profileId(p[PREPARED.profile]);
  let extra = p[PREPARED.extraJson];
  const appearances = p[PREPARED.appearances];
  if (appearances !== null) {
    const lines: string[] = [];
    for (const url of appearances) {
      const cut = urlPrefixLength(url);
      lines.push(`${strings.id(url.slice(0, cut))} ${url.slice(cut)}`);
    }
    extra = lines.join("\n");
  }
  return [
    p[PREPARED.idKey],
    p[PREPARED.id],
    packText(p[PREPARED.claim]),
    packOrNull(p[PREPARED.title]),
    packOrNull(p[PREPARED.summary]),
    packOrNull(p[PREPARED.claimant]),
    urlPrefix,
    p[PREPARED.urlRest],
    p[PREPARED.reviewDate],
    p[PREPARED.claimDate],
    profile,
    extra,
    p[PREPARED.flags],
  ];
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

/** `extra` in its lines form: the appearance URLs. */
function appearanceLines(extra: string, strings: StringTable): string[] {
  const urls: string[] = [];
  let start = 0;
  while (start <= extra.length) {
    let end = extra.indexOf("\n", start);
    if (end < 0) end = extra.length;
    const space = extra.indexOf(" ", start);
    urls.push(strings.text(Number(extra.slice(start, space))) + extra.slice(space + 1, end));
    start = end + 1;
  }
  return urls;
}

/**
 * `decodeRecord` for a raw row (an array, as `Statement.raw()` returns it) whose record columns start at `offset`
 * in `RECORD_COLUMNS` order. The search reads its hits this way: no row object of 14 keys per hit.
 */
export function decodeRecordAt(values: readonly unknown[], offset: number, strings: StringTable): FactCheck {
  const v = (column: number) => values[offset + column];
  const extraText = v(11) as string | null;
  let extra: { altClaims?: string[]; appearances?: string[]; x?: Record<string, unknown> } | undefined;
  if (extraText !== null) {
    extra = extraText.charCodeAt(0) === 123 /* { */ ? JSON.parse(extraText) : { appearances: appearanceLines(extraText, strings) };
  }
  const claim = unpackText(v(2) as PackedText);
  const record: Record<string, unknown> = { id: v(1), claim, altClaims: extra?.altClaims ?? [] };
  const title = v(3) as PackedText | null;
  if (title !== null) record.title = unpackText(title);
  const summary = v(4) as PackedText | null;
  if (summary !== null) record.summary = (v(12) as number) & SUMMARY_AFTER_CLAIM ? claim + unpackText(summary) : unpackText(summary);
  const profile = strings.profile(v(10) as number);
  record.rating = profile.rating;
  record.verdict = profile.verdict;
  record.publisher = profile.site === null ? { name: profile.publisher } : { name: profile.publisher, site: profile.site };
  record.url = strings.text(v(6) as number) + (v(7) as string);
  record.reviewDate = dayText(v(8) as number | string);
  const claimDate = v(9) as number | string | null;
  if (claimDate !== null) record.claimDate = dayText(claimDate);
  const claimant = v(5) as PackedText | null;
  if (claimant !== null) record.claimant = unpackText(claimant);
  record.language = profile.language;
  record.appearances = extra?.appearances ?? [];
  record.source = profile.source;
  record.license = profile.license;
  if (extra?.x) Object.assign(record, extra.x);
  return record as unknown as FactCheck;
}
