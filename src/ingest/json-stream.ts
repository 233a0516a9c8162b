import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import Assembler from "stream-json/assembler.js";
import { parseClaimReviewJson } from "./claimreview.ts";
import { formatOfJson } from "./detect.ts";
import { parseGoogleFactCheckJson } from "./google-factcheck.ts";
import { jsonlRowKind, mapJsonRow } from "./jsonl.ts";
import type { FieldDefaults, ParsedSource, ParseResult } from "./types.ts";

/** JSON files bigger than this (bytes on disk) are read as a stream of records, so memory stays flat. */
export const STREAM_JSON_ABOVE_BYTES = 32 * 1024 * 1024;
/** Records per parsed chunk handed to the pipeline. */
export const JSON_CHUNK_RECORDS = 500;
/**
 * Keys of a top-level object whose array elements are records: a ClaimReview DataFeed (`dataFeedElement`), a Fact
 * Check API response or dump (`claims`), JSON-LD (`@graph`), an ItemList, and the usual wrappers of exports.
 */
const CONTAINER_KEYS: ReadonlySet<string> = new Set(["dataFeedElement", "claims", "@graph", "itemListElement", "data", "items", "results", "records", "reviews"]);

type Frame = { kind: "object"; key: string | null } | { kind: "array"; index: number };
type Token = { name: string; value?: unknown };

/** One record-sized JSON value found in a stream, with its JSON path (`dataFeedElement[12]`, `[3]`, `claims[0]`). */
export interface StreamedValue {
  path: string;
  /** The container key it came from (`dataFeedElement`, `claims`, ...), or `[]` for a top-level array's element. */
  container: string;
  value: unknown;
}

function pathOf(frames: readonly Frame[]): string {
  let path = "";
  for (const frame of frames) {
    if (frame.kind === "array") path += `[${frame.index}]`;
    else if (frame.key !== null) path += path ? `.${frame.key}` : frame.key;
  }
  return path;
}

const VALUE_START = new Set(["startObject", "startArray", "stringValue", "numberValue", "nullValue", "trueValue", "falseValue"]);

/**
 * Walks the token stream of one JSON document and yields its records one at a time: the elements of a top-level
 * array, or of a container array (`CONTAINER_KEYS`) of a top-level object. Other top-level members are small (the
 * `@context`, `nextPageToken`) and are collected into `head`; a document with no container (one ClaimReview
 * object) is yielded whole as a single value. Only one record is in memory at a time.
 */
export async function* streamJsonRecords(tokens: AsyncIterable<Token>, head: Record<string, unknown> = {}): AsyncGenerator<StreamedValue> {
  const frames: Frame[] = [];
  let asm: Assembler | undefined;
  let asmPath = "";
  let asmContainer = "";
  /** The assembled value is a top-level member to keep in `head`, not a record. */
  let asmHeadKey: string | null = null;
  let topIsObject = false;
  let found = 0;

  const advance = () => {
    const top = frames[frames.length - 1];
    if (top?.kind === "array") top.index++;
  };
  /** Ends the assembled value: a head member is kept in `head`; a record is counted and returned to be yielded. */
  const settle = (value: unknown): StreamedValue | undefined => {
    asm = undefined;
    const headKey = asmHeadKey;
    asmHeadKey = null;
    if (headKey !== null) {
      head[headKey] = value;
      return undefined;
    }
    found++;
    return { path: asmPath, container: asmContainer, value };
  };

  for await (const token of tokens) {
    if (asm) {
      asm.consume(token as never);
      if (!asm.done) continue;
      const item = settle(asm.current);
      if (item) yield item;
      advance();
      continue;
    }
    if (token.name === "keyValue") {
      const top = frames[frames.length - 1];
      if (top?.kind === "object") top.key = String(token.value);
      continue;
    }
    if (token.name === "endObject" || token.name === "endArray") {
      frames.pop();
      advance();
      continue;
    }
    if (!VALUE_START.has(token.name)) continue;
    // A value starts at the position `frames` describes.
    const depth = frames.length;
    const top = frames[depth - 1];
    let record = false;
    let container = "";
    if (depth === 1 && top?.kind === "array") {
      record = true;
      container = "[]";
    } else if (depth === 2 && topIsObject && top?.kind === "array") {
      const parent = frames[0];
      if (parent?.kind === "object" && parent.key !== null && CONTAINER_KEYS.has(parent.key)) {
        record = true;
        container = parent.key;
      }
    }
    const headMember = depth === 1 && top?.kind === "object" && !(token.name === "startArray" && top.key !== null && CONTAINER_KEYS.has(top.key));
    if (record || headMember) {
      asm = new Assembler();
      asmPath = pathOf(frames);
      asmContainer = container;
      asmHeadKey = headMember ? (top?.kind === "object" ? top.key : null) ?? "" : null;
      asm.consume(token as never);
      if (asm.done) {
        const item = settle(asm.current);
        if (item) yield item;
        advance();
      }
      continue;
    }
    if (token.name === "startObject") {
      if (depth === 0) topIsObject = true;
      frames.push({ kind: "object", key: null });
    } else if (token.name === "startArray") {
      frames.push({ kind: "array", index: 0 });
    } else {
      advance();
    }
  }
  if (found === 0 && topIsObject && Object.keys(head).length > 0) yield { path: "$", container: "$", value: head };
}

const enum Ch {
  Quote = 34,
  Backslash = 92,
  Comma = 44,
  Colon = 58,
  OpenBrace = 123,
  CloseBrace = 125,
  OpenBracket = 91,
  CloseBracket = 93,
}

/** JSON whitespace and a byte-order mark. */
function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}

/** The next character that matters inside a nested value: a quote or a bracket (everything else is JSON.parse's). */
const STRUCTURAL = /["[\]{}]/g;

/**
 * The closing quote of the string whose text continues at `from`: the next `"` not escaped (preceded by an even run
 * of backslashes), or -1 when `text` ends first. The run never reaches past the string's opening quote, which is
 * still in `text` (the scanner keeps the text of whatever it is reading).
 */
function stringEnd(text: string, from: number): number {
  for (let q = text.indexOf('"', from); q >= 0; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === Ch.Backslash) backslashes++;
    if ((backslashes & 1) === 0) return q;
  }
  return -1;
}

/**
 * `streamJsonRecords` without a token stream (issue 15): a scanner that only follows strings and bracket depth,
 * cuts each record's text out of the chunks and hands it to `JSON.parse`. Same values, paths and `head` as the
 * token walk, at a fraction of its cost (stream-json builds a token object, a promise turn and an assembler step
 * for every scalar: 60% of a 117 MB feed's ingest). Memory stays flat: only the record being read is kept.
 * Throws a SyntaxError naming the character offset on input that is not one JSON document.
 */
export async function* scanJsonRecords(chunks: AsyncIterable<string>, head: Record<string, unknown> = {}): AsyncGenerator<StreamedValue> {
  const scanner = new JsonRecordScanner(head);
  for await (const chunk of chunks) yield* scanner.push(chunk);
  yield* scanner.end();
}

/**
 * The scanner of `scanJsonRecords`, fed chunk by chunk: `push` returns the records the chunk completed (one array a
 * chunk instead of a promise turn a record), `end` checks the document ended and returns what is left.
 * Inside a nested value it only looks for quotes and brackets (a regex jump) and, in a string, for the closing
 * quote (`indexOf`): no per-character loop over the text of a record (issue 15: the per-character walk cost 17% of
 * a feed's parsing).
 */
export class JsonRecordScanner {
  private buf = "";
  /** Characters dropped from the front of `buf` so far (for error offsets). */
  private dropped = 0;
  private pos = 0;
  private depth = 0;
  private inString = false;
  private topIsObject = false;
  private done = false;
  private found = 0;
  // Top-level object members: the key being read or read, and where its value started.
  private phase: "key" | "colon" | "value" | "after" = "key";
  private keyStart = -1;
  private key = "";
  private valueStart = -1;
  // The array whose elements are records (level 1: a top-level array; level 2: a container of an object).
  private recordLevel = 0;
  private container = "";
  private elementStart = -1;
  private index = 0;
  /** An error met after records of the same chunk: those are returned first, the error is thrown next. */
  private failed: unknown;

  constructor(private readonly head: Record<string, unknown> = {}) {}

  private fail(why: string): never {
    throw new SyntaxError(`${why} at character ${this.dropped + this.pos}`);
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      return this.fail((error as Error).message);
    }
  }

  private settleElement(end: number): StreamedValue {
    const value = this.parse(this.buf.slice(this.elementStart, end));
    const item = { path: this.recordLevel === 1 ? `[${this.index}]` : `${this.container}[${this.index}]`, container: this.container, value };
    this.elementStart = -1;
    this.index++;
    this.found++;
    return item;
  }

  /** Reads one more chunk; returns the records it completed, in order. */
  push(chunk: string): StreamedValue[] {
    if (this.failed !== undefined) throw this.failed;
    const out: StreamedValue[] = [];
    this.buf += chunk;
    const buf = this.buf;
    const length = buf.length;
    let pos = this.pos;
    let depth = this.depth;
    const head = this.head;
    try {
      while (pos < length) {
        if (this.inString) {
          const end = stringEnd(buf, pos);
          if (end < 0) {
            pos = length;
            break;
          }
          pos = end;
          this.inString = false;
          if (depth === 1 && this.topIsObject && this.phase === "key" && this.keyStart >= 0) {
            this.pos = pos;
            this.key = String(this.parse(buf.slice(this.keyStart, pos + 1)));
            this.keyStart = -1;
            this.phase = "colon";
          }
          pos++;
          continue;
        }
        // Inside a record or a head member's value: only strings and brackets matter.
        if (depth > (this.recordLevel > 0 ? this.recordLevel : 1)) {
          // `test` moves `lastIndex` past the match without making a match array (`exec` made one per quote and
          // bracket: a quarter of the bytes a feed's parsing allocated).
          STRUCTURAL.lastIndex = pos;
          if (!STRUCTURAL.test(buf)) {
            pos = length;
            break;
          }
          pos = STRUCTURAL.lastIndex - 1;
          const c = buf.charCodeAt(pos);
          if (c === Ch.Quote) this.inString = true;
          else if (c === Ch.OpenBrace || c === Ch.OpenBracket) depth++;
          else depth--;
          pos++;
          continue;
        }
        const c = buf.charCodeAt(pos);
        if (isBlank(c)) {
          pos++;
          continue;
        }
        this.pos = pos;
        if (this.done) this.fail("unexpected data after the JSON value");
        // Where a value or member starts, before the character changes the depth.
        if (this.recordLevel > 0 && depth === this.recordLevel) {
          if (c === Ch.Comma || c === Ch.CloseBracket) {
            if (this.elementStart >= 0) out.push(this.settleElement(pos));
            else if (c === Ch.Comma) this.fail("unexpected ','");
            if (c === Ch.CloseBracket) {
              this.recordLevel = 0;
              depth--;
              if (depth === 0) this.done = true;
              else this.phase = "after";
            }
            pos++;
            continue;
          }
          if (this.elementStart < 0) this.elementStart = pos;
        } else if (depth === 1 && this.topIsObject) {
          if (this.phase === "key") {
            if (c === Ch.CloseBrace) {
              depth = 0;
              this.done = true;
              pos++;
              continue;
            }
            if (c !== Ch.Quote) this.fail("expected a member name");
            this.keyStart = pos;
            this.inString = true;
            pos++;
            continue;
          }
          if (this.phase === "colon") {
            if (c !== Ch.Colon) this.fail("expected ':'");
            this.phase = "value";
            pos++;
            continue;
          }
          if (this.phase === "value" && this.valueStart < 0) {
            if (c === Ch.OpenBracket && CONTAINER_KEYS.has(this.key)) {
              this.recordLevel = 2;
              this.container = this.key;
              this.index = 0;
              depth = 2;
              pos++;
              continue;
            }
            this.valueStart = pos;
          } else if (c === Ch.Comma || c === Ch.CloseBrace) {
            if (this.valueStart >= 0) {
              head[this.key] = this.parse(buf.slice(this.valueStart, pos));
              this.valueStart = -1;
            } else if (this.phase !== "after") this.fail("expected a value");
            this.phase = "key";
            if (c === Ch.CloseBrace) {
              depth = 0;
              this.done = true;
            }
            pos++;
            continue;
          }
        } else if (depth === 0) {
          if (c === Ch.OpenBrace) {
            this.topIsObject = true;
            depth = 1;
            pos++;
            continue;
          }
          if (c === Ch.OpenBracket) {
            this.recordLevel = 1;
            this.container = "[]";
            this.index = 0;
            depth = 1;
            pos++;
            continue;
          }
          // A scalar document holds no record.
          this.valueStart = pos;
        }
        if (c === Ch.Quote) this.inString = true;
        else if (c === Ch.OpenBrace || c === Ch.OpenBracket) depth++;
        else if (c === Ch.CloseBrace || c === Ch.CloseBracket) {
          depth--;
          if (depth < 0) this.fail("unbalanced bracket");
        }
        pos++;
      }
    } catch (error) {
      if (out.length === 0) throw error;
      this.failed = error;
      return out;
    } finally {
      this.pos = pos;
      this.depth = depth;
    }
    // Keep only the text of what is being read (a record, a head member, a key), so memory stays flat.
    let keep = pos;
    if (this.elementStart >= 0 && this.elementStart < keep) keep = this.elementStart;
    if (this.valueStart >= 0 && this.valueStart < keep) keep = this.valueStart;
    if (this.keyStart >= 0 && this.keyStart < keep) keep = this.keyStart;
    if (keep > 0) {
      this.buf = buf.slice(keep);
      this.dropped += keep;
      this.pos -= keep;
      if (this.elementStart >= 0) this.elementStart -= keep;
      if (this.valueStart >= 0) this.valueStart -= keep;
      if (this.keyStart >= 0) this.keyStart -= keep;
    }
    return out;
  }

  /** The end of the input: throws when the document is unfinished; a lone object with no container is its record. */
  end(): StreamedValue[] {
    if (this.failed !== undefined) throw this.failed;
    if (!this.done && (this.depth > 0 || this.inString)) this.fail("unexpected end of the JSON text");
    if (this.found === 0 && this.topIsObject && Object.keys(this.head).length > 0) return [{ path: "$", container: "$", value: this.head }];
    return [];
  }
}

/** Maps one streamed value to candidates: by its shape, like a JSONL row, else as a JSON-LD tree holding ClaimReviews. */
export function mapStreamedValue(item: StreamedValue, name: string, defaults: FieldDefaults, out: ParseResult): void {
  const location = `${name}#${item.path}`;
  const ctx = { name, defaults };
  if (item.container === "$") {
    // The whole (small) document: as the non-streaming parsers would read it.
    const result = formatOfJson(item.value) === "gfc" ? parseGoogleFactCheckJson(item.value, ctx) : parseClaimReviewJson(item.value, ctx);
    out.records.push(...result.records);
    out.problems.push(...result.problems);
    if (result.records.length === 0 && result.problems.length === 0) {
      out.problems.push({ location, message: "no ClaimReview found", severity: "error" });
    }
    return;
  }
  if (item.container === "claims") {
    // One claim of a Fact Check API response: one candidate per review.
    const result = parseGoogleFactCheckJson({ claims: [item.value] }, ctx);
    for (const record of result.records) out.records.push({ ...record, location: record.location.replace(`${name}#claims[0]`, location) });
    for (const problem of result.problems) out.problems.push({ ...problem, location: problem.location.replace(`${name}#claims[0]`, location) });
    return;
  }
  if (jsonlRowKind(item.value) !== undefined) {
    const [r0, p0] = [out.records.length, out.problems.length];
    mapJsonRow(item.value, location, ctx, out);
    // A saved Fact Check API page names its reviews `<location>#claims[i]...`: one path, `<location>.claims[i]...`.
    const joined = (l: string) => (l.startsWith(`${location}#`) ? `${location}.${l.slice(location.length + 1)}` : l);
    for (let i = r0; i < out.records.length; i++) out.records[i] = { ...out.records[i]!, location: joined(out.records[i]!.location) };
    for (let i = p0; i < out.problems.length; i++) out.problems[i] = { ...out.problems[i]!, location: joined(out.problems[i]!.location) };
    return;
  }
  // A DataFeedItem (`{"@type": "DataFeedItem", "item": [ClaimReview]}`) or any JSON-LD node holding ClaimReviews.
  const result = parseClaimReviewJson(item.value, ctx, location);
  if (result.records.length === 0) {
    out.problems.push({ location, message: "no ClaimReview, Fact Check API claim or FactCheck record in this element", severity: "error" });
    return;
  }
  for (const r of result.records) {
    r.location = r.location.replace(`${location}#$`, location).replace(`${location}#`, `${location}.`);
    out.records.push(r);
  }
  out.problems.push(...result.problems);
}

/**
 * Streams a big JSON file (optionally gzipped): a ClaimReview DataFeed, a Fact Check API dump (one response, or an
 * array of saved pages), or a JSON array of records. Yields parsed sources of `JSON_CHUNK_RECORDS` records each, so
 * peak memory depends on the chunk, not on the file. A syntax error ends the file with an error naming the
 * position; what was read before it is kept.
 */
export async function* streamJsonFile(
  file: string,
  options: { defaults: FieldDefaults; chunkRecords?: number },
): AsyncGenerator<ParsedSource> {
  const raw = createReadStream(file);
  const input = /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw;
  input.setEncoding("utf8");
  const size = options.chunkRecords ?? JSON_CHUNK_RECORDS;
  let chunk: ParseResult = { records: [], problems: [] };
  let count = 0;
  let part = 0;
  let format: ParsedSource["format"] = "claimreview";
  const emit = (): ParsedSource => {
    const source: ParsedSource = { name: file, format, ...chunk, ...(part > 0 ? { continuation: true } : {}) };
    chunk = { records: [], problems: [] };
    count = 0;
    part++;
    return source;
  };
  const scanner = new JsonRecordScanner();
  const take = function* (items: readonly StreamedValue[]): Generator<ParsedSource> {
    for (const item of items) {
      if (part === 0 && count === 0 && (item.container === "claims" || jsonlRowKind(item.value) === "gfc")) format = "gfc";
      mapStreamedValue(item, file, options.defaults, chunk);
      if (++count >= size) yield emit();
    }
  };
  try {
    // The scanner's records a chunk at a time: no promise turn per record.
    for await (const text of input as AsyncIterable<string>) yield* take(scanner.push(text));
    yield* take(scanner.end());
    if (count > 0 || part === 0) yield emit();
  } catch (error) {
    if (count > 0) yield emit();
    raw.destroy();
    yield {
      name: file,
      format,
      records: [],
      problems: [],
      error: `invalid JSON: ${(error as Error).message}`,
      ...(part > 0 ? { continuation: true } : {}),
    };
  }
}
