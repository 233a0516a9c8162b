import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { promisify } from "node:util";
import { createGunzip, gunzip } from "node:zlib";
import { detectFormat, formatFromExtension } from "./detect.ts";
import { parseJsonl } from "./jsonl.ts";
import { STREAM_JSON_ABOVE_BYTES, streamJsonFile } from "./json-stream.ts";
import { open } from "node:fs/promises";
import { parseContent } from "./parse.ts";
import type { FieldDefaults, IngestFormat, ParsedSource } from "./types.ts";

/** How long one URL may take to answer (milliseconds). */
export const FETCH_TIMEOUT_MS = 20_000;
/** Largest body read from a URL (bytes); bigger pages are refused. */
export const MAX_FETCH_BYTES = 50 * 1024 * 1024;
/** Extensions picked up when walking a directory with `--format auto`. */
const WALKABLE = /\.(jsonl|ndjson|json|jsonld|csv|tsv|html?)(\.gz)?$/i;
const gunzipAsync = promisify(gunzip);
/** JSONL files bigger than this (bytes on disk) are streamed in chunks, so memory stays flat on huge imports. */
export const STREAM_JSONL_ABOVE_BYTES = 32 * 1024 * 1024;
/** Lines per chunk of a streamed JSONL file. */
export const JSONL_CHUNK_LINES = 20_000;

/** A file's bytes; `.gz` files are decompressed (the starter data ships as `.jsonl.gz`). */
async function readBytes(file: string): Promise<Buffer> {
  const bytes = await readFile(file);
  return /\.gz$/i.test(file) ? await gunzipAsync(bytes) : bytes;
}

export interface ReadOptions {
  format: IngestFormat | "auto";
  defaults: FieldDefaults;
  fetchTimeoutMs?: number;
  /** Injected for tests; the global fetch by default. */
  fetch?: typeof fetch;
  /** What `-` reads; process.stdin by default. */
  stdin?: NodeJS.ReadableStream;
  /** Overrides STREAM_JSONL_ABOVE_BYTES / JSONL_CHUNK_LINES (tests). */
  streamAboveBytes?: number;
  chunkLines?: number;
  /** Overrides STREAM_JSON_ABOVE_BYTES / JSON_CHUNK_RECORDS (tests). */
  streamJsonAboveBytes?: number;
  chunkRecords?: number;
}

/** The first non-blank character of a file (after a BOM), read from its first 4 kB; gzipped files are not sniffed. */
async function firstChar(file: string): Promise<string> {
  if (/\.gz$/i.test(file)) return "";
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "").trimStart().charAt(0);
  } finally {
    await handle.close();
  }
}

/** Whether a big file is JSON to stream (DataFeed, Fact Check API dump, JSON array) rather than to read whole. */
async function streamableJson(file: string, detectAs: string, format: IngestFormat | "auto"): Promise<boolean> {
  if (format !== "auto" && format !== "claimreview" && format !== "gfc") return false;
  if (format === "auto" && !/\.(json|jsonld|json-ld)$/i.test(detectAs)) return false;
  if (/\.gz$/i.test(file)) return true;
  const first = await firstChar(file).catch(() => "");
  return first === "{" || first === "[";
}

function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

async function walk(dir: string, format: IngestFormat | "auto"): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path, format)));
    else if (entry.isFile() && (format !== "auto" || WALKABLE.test(entry.name))) files.push(path);
  }
  return files;
}

function parseSource(
  name: string,
  content: string,
  options: ReadOptions,
  extra: { path?: string; pageUrl?: string; contentType?: string; detectAs?: string },
): ParsedSource {
  const format =
    options.format === "auto" ? detectFormat(extra.detectAs ?? name, content, extra.contentType) : options.format;
  const result = parseContent(content, format, {
    name,
    defaults: options.defaults,
    ...(extra.path ? { path: extra.path } : {}),
    ...(extra.pageUrl ? { pageUrl: extra.pageUrl } : {}),
  });
  return { name, format, ...result };
}

async function fetchSource(url: string, options: ReadOptions): Promise<ParsedSource> {
  const doFetch = options.fetch ?? fetch;
  const fallbackFormat = options.format === "auto" ? (formatFromExtension(url) ?? "claimreview") : options.format;
  try {
    const response = await doFetch(url, {
      signal: AbortSignal.timeout(options.fetchTimeoutMs ?? FETCH_TIMEOUT_MS),
      headers: { accept: "text/html,application/ld+json,application/json;q=0.9,*/*;q=0.5" },
      redirect: "follow",
    });
    if (!response.ok) {
      return { name: url, format: fallbackFormat, records: [], problems: [], error: `HTTP ${response.status}` };
    }
    const length = Number(response.headers.get("content-length") ?? "0");
    if (length > MAX_FETCH_BYTES) {
      return { name: url, format: fallbackFormat, records: [], problems: [], error: `body over ${MAX_FETCH_BYTES} bytes` };
    }
    const content = await response.text();
    const contentType = response.headers.get("content-type") ?? undefined;
    return parseSource(url, content, options, { pageUrl: response.url || url, ...(contentType ? { contentType } : {}) });
  } catch (error) {
    const why = error instanceof Error && error.name === "TimeoutError" ? "timed out" : (error as Error).message;
    return { name: url, format: fallbackFormat, records: [], problems: [], error: `fetch failed: ${why}` };
  }
}

/** Streams a big JSONL file (optionally gzipped) as several parsed sources of `JSONL_CHUNK_LINES` lines each. */
async function* streamJsonl(file: string, options: ReadOptions): AsyncGenerator<ParsedSource> {
  const raw = createReadStream(file);
  const input = /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let chunk: string[] = [];
  let firstLine = 1;
  let part = 0;
  const emit = (): ParsedSource => {
    const result = parseJsonl(chunk.join("\n"), { name: file, path: file, defaults: options.defaults }, firstLine);
    const source: ParsedSource = { name: file, format: "jsonl", ...result, ...(part > 0 ? { continuation: true } : {}) };
    firstLine += chunk.length;
    chunk = [];
    part++;
    return source;
  };
  try {
    for await (const line of lines) {
      chunk.push(line);
      if (chunk.length >= (options.chunkLines ?? JSONL_CHUNK_LINES)) yield emit();
    }
    if (chunk.length > 0 || part === 0) yield emit();
  } catch (error) {
    yield {
      name: file,
      format: "jsonl",
      records: [],
      problems: [],
      error: `cannot read: ${(error as Error).message}`,
      ...(part > 0 ? { continuation: true } : {}),
    };
  }
}

/**
 * Reads every input (file, directory walked recursively, http(s) URL, `-` for standard input) and yields one
 * parsed source each, in order.
 * A source that cannot be read is yielded with `error` set; nothing throws.
 */
export async function* readSources(inputs: readonly string[], options: ReadOptions): AsyncGenerator<ParsedSource> {
  for (const input of inputs) {
    if (input === "-") {
      const chunks: Buffer[] = [];
      for await (const chunk of options.stdin ?? process.stdin) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
      }
      yield parseSource("stdin", Buffer.concat(chunks).toString("utf8"), options, {});
      continue;
    }
    if (isUrl(input)) {
      yield await fetchSource(input, options);
      continue;
    }
    let files: string[];
    try {
      const info = await stat(input);
      files = info.isDirectory() ? await walk(input, options.format) : [input];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      yield {
        name: input,
        format: options.format === "auto" ? "unknown" : options.format,
        records: [],
        problems: [],
        error: code === "ENOENT" ? "no such file or directory" : `cannot read: ${(error as Error).message}`,
      };
      continue;
    }
    for (const file of files) {
      const detectAs = file.replace(/\.gz$/i, "");
      const jsonl = options.format === "jsonl" || (options.format === "auto" && formatFromExtension(detectAs) === "jsonl");
      if (jsonl && (await stat(file).then((s) => s.size, () => 0)) > (options.streamAboveBytes ?? STREAM_JSONL_ABOVE_BYTES)) {
        yield* streamJsonl(file, options);
        continue;
      }
      const size = await stat(file).then((s) => s.size, () => 0);
      if (size > (options.streamJsonAboveBytes ?? STREAM_JSON_ABOVE_BYTES) && (await streamableJson(file, detectAs, options.format))) {
        yield* streamJsonFile(file, { defaults: options.defaults, ...(options.chunkRecords ? { chunkRecords: options.chunkRecords } : {}) });
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await readBytes(file);
      } catch (error) {
        yield {
          name: file,
          format: options.format === "auto" ? "unknown" : options.format,
          records: [],
          problems: [],
          error: `cannot read: ${(error as Error).message}`,
        };
        continue;
      }
      if (jsonl) {
        // Decoded line by line (`parseJsonl`): the source `parseSource` would make of the whole text.
        const ctx = { name: file, defaults: options.defaults, path: file };
        yield { name: file, format: "jsonl", ...parseJsonl(bytes, ctx) };
        continue;
      }
      // Detection looks at the name without `.gz`; locations keep the real file name.
      yield parseSource(file, bytes.toString("utf8"), options, { path: file, detectAs });
    }
  }
}
