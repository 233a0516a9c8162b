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

/**
 * `streamJsonRecords` without a token stream (issue 15): a scanner that only follows strings and bracket depth,
 * cuts each record's text out of the chunks and hands it to `JSON.parse`. Same values, paths and `head` as the
 * token walk, at a fraction of its cost (stream-json builds a token object, a promise turn and an assembler step
 * for every scalar: 60% of a 117 MB feed's ingest). Memory stays flat: only the record being read is kept.
 * Throws a SyntaxError naming the character offset on input that is not one JSON document.
 */
export async function* scanJsonRecords(chunks: AsyncIterable<string>, head: Record<string, unknown> = {}): AsyncGenerator<StreamedValue> {
  let buf = "";
  /** Characters dropped from the front of `buf` so far (for error offsets). */
  let dropped = 0;
  let pos = 0;
  let depth = 0;
  let inString = false;
  let escape = false;
  let topIsObject = false;
  let done = false;
  let found = 0;
  // Top-level object members: the key being read or read, and where its value started.
  let phase: "key" | "colon" | "value" | "after" = "key";
  let keyStart = -1;
  let key = "";
  let valueStart = -1;
  // The array whose elements are records (level 1: a top-level array; level 2: a container of an object).
  let recordLevel = 0;
  let container = "";
  let elementStart = -1;
  let index = 0;
  const fail = (why: string): never => {
    throw new SyntaxError(`${why} at character ${dropped + pos}`);
  };
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      return fail((error as Error).message);
    }
  };
  const settleElement = (end: number): StreamedValue => {
    const value = parse(buf.slice(elementStart, end));
    const item = { path: recordLevel === 1 ? `[${index}]` : `${container}[${index}]`, container, value };
    elementStart = -1;
    index++;
    found++;
    return item;
  };

  for await (const chunk of chunks) {
    buf += chunk;
    const length = buf.length;
    for (; pos < length; pos++) {
      const c = buf.charCodeAt(pos);
      if (inString) {
        if (escape) escape = false;
        else if (c === Ch.Backslash) escape = true;
        else if (c === Ch.Quote) {
          inString = false;
          if (depth === 1 && topIsObject && phase === "key" && keyStart >= 0) {
            key = String(parse(buf.slice(keyStart, pos + 1)));
            keyStart = -1;
            phase = "colon";
          }
        }
        continue;
      }
      if (isBlank(c)) continue;
      if (done) fail("unexpected data after the JSON value");
      // Where a value or member starts, before the character changes the depth.
      if (recordLevel > 0 && depth === recordLevel) {
        if (c === Ch.Comma || c === Ch.CloseBracket) {
          if (elementStart >= 0) yield settleElement(pos);
          else if (c === Ch.Comma) fail("unexpected ','");
          if (c === Ch.CloseBracket) {
            recordLevel = 0;
            depth--;
            if (depth === 0) done = true;
            else phase = "after";
          }
          continue;
        }
        if (elementStart < 0) elementStart = pos;
      } else if (depth === 1 && topIsObject) {
        if (phase === "key") {
          if (c === Ch.CloseBrace) {
            depth = 0;
            done = true;
            continue;
          }
          if (c !== Ch.Quote) fail("expected a member name");
          keyStart = pos;
          inString = true;
          continue;
        }
        if (phase === "colon") {
          if (c !== Ch.Colon) fail("expected ':'");
          phase = "value";
          continue;
        }
        if (phase === "value" && valueStart < 0) {
          if (c === Ch.OpenBracket && CONTAINER_KEYS.has(key)) {
            recordLevel = 2;
            container = key;
            index = 0;
            depth = 2;
            continue;
          }
          valueStart = pos;
        } else if (c === Ch.Comma || c === Ch.CloseBrace) {
          if (valueStart >= 0) {
            head[key] = parse(buf.slice(valueStart, pos));
            valueStart = -1;
          } else if (phase !== "after") fail("expected a value");
          phase = "key";
          if (c === Ch.CloseBrace) {
            depth = 0;
            done = true;
          }
          continue;
        }
      } else if (depth === 0) {
        if (c === Ch.OpenBrace) {
          topIsObject = true;
          depth = 1;
          continue;
        }
        if (c === Ch.OpenBracket) {
          recordLevel = 1;
          container = "[]";
          index = 0;
          depth = 1;
          continue;
        }
        // A scalar document holds no record.
        valueStart = pos;
      }
      if (c === Ch.Quote) inString = true;
      else if (c === Ch.OpenBrace || c === Ch.OpenBracket) depth++;
      else if (c === Ch.CloseBrace || c === Ch.CloseBracket) {
        depth--;
        if (depth < 0) fail("unbalanced bracket");
      }
    }
    // Keep only the text of what is being read (a record, a head member, a key), so memory stays flat.
    const keep = Math.min(...[elementStart, valueStart, keyStart].filter((i) => i >= 0), pos);
    if (keep > 0) {
      buf = buf.slice(keep);
      dropped += keep;
      pos -= keep;
      if (elementStart >= 0) elementStart -= keep;
      if (valueStart >= 0) valueStart -= keep;
      if (keyStart >= 0) keyStart -= keep;
    }
  }
  if (!done && (depth > 0 || inString)) fail("unexpected end of the JSON text");
  if (found === 0 && topIsObject && Object.keys(head).length > 0) yield { path: "$", container: "$", value: head };
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
  out.records.push(...result.records.map((r) => ({ ...r, location: r.location.replace(`${location}#$`, location).replace(`${location}#`, `${location}.`) })));
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
  try {
    for await (const item of scanJsonRecords(input as AsyncIterable<string>)) {
      if (part === 0 && count === 0 && (item.container === "claims" || jsonlRowKind(item.value) === "gfc")) format = "gfc";
      mapStreamedValue(item, file, options.defaults, chunk);
      if (++count >= size) yield emit();
    }
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
