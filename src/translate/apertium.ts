import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import type { Logger } from "../core/logger.ts";
import { TRANSLATION_TARGET } from "../core/translator.ts";
import { toBcp47 } from "./languages.ts";
import type { TranslationEngine } from "./resilient-translator.ts";
import { TranslateFailure } from "./translate-failure.ts";

/** An installed Apertium direction into English: `spa-eng` serves `es`. */
export interface ApertiumPair {
  /** The mode name, e.g. `spa-eng`. */
  mode: string;
  /** The mode file: the shell pipeline of the direction. */
  file: string;
  /** BCP-47 primary subtags it translates from. */
  languages: string[];
}

/** Where Apertium is installed and which directions into English it has. */
export interface ApertiumInstall {
  binary: string;
  modesDir: string;
  pairs: ApertiumPair[];
}

/** A pipeline that gives no answer to its warm-up within this time is considered broken (loads its transducers). */
export const APERTIUM_START_TIMEOUT_MS = 30_000;

/** `name` on PATH, or undefined. */
function onPath(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Finds Apertium: the `apertium` command on PATH and its modes folder (`APERTIUM_DATADIR/modes`, else
 * `<prefix>/share/apertium/modes` next to the binary). Only directions into English count (`spa-eng`, `eo-en`;
 * not `spa-eng_US` variants). Undefined when it is not installed or has no such direction.
 */
export function findApertium(env: NodeJS.ProcessEnv = process.env): ApertiumInstall | undefined {
  const binary = onPath("apertium", env.PATH);
  if (!binary) return undefined;
  const prefix = dirname(dirname(realpathSync(binary)));
  const candidates = [env.APERTIUM_DATADIR ? join(env.APERTIUM_DATADIR, "modes") : "", join(prefix, "share", "apertium", "modes")];
  const modesDir = candidates.find((dir) => dir && existsSync(dir));
  if (!modesDir) return undefined;
  const pairs: ApertiumPair[] = [];
  for (const name of readdirSync(modesDir).sort()) {
    // Older pairs name their modes with two-letter codes (`eo-en`, `eu-en`, `gl-en`).
    const m = /^([a-z]{2,3})-(eng|en)\.mode$/.exec(name);
    if (!m) continue;
    pairs.push({ mode: `${m[1]}-${m[2]}`, file: join(modesDir, name), languages: toBcp47(m[1]!) });
  }
  return pairs.length > 0 ? { binary, modesDir, pairs } : undefined;
}

/**
 * The mode's pipeline in null-flush mode: every stage gets `-z`, so a text ending in `\0` comes out at once, and
 * one long-lived pipeline per direction serves every post (starting it loads the transducers: about a second).
 */
export function nullFlushPipeline(modeFile: string): string {
  return readFileSync(modeFile, "utf8")
    .trim()
    .split("|")
    .map((stage) => {
      const trimmed = stage.trim();
      const [command, ...rest] = trimmed.split(/\s+/);
      return rest.includes("-z") ? trimmed : [command, "-z", ...rest].join(" ");
    })
    .join(" | ");
}

/** Escapes the characters of Apertium's stream format; whitespace runs become one space. */
export function toApertiumStream(text: string): string {
  return text.replace(/[\\[\]^$/@<>{}]/g, (c) => `\\${c}`).replace(/[\s\u0000]+/g, " ").trim();
}

/** Back to plain text: escapes undone, the marks of unknown words (`*`, `#`, `@`) dropped. */
export function fromApertiumStream(text: string): string {
  return text
    .replace(/(^|[\s([{"'¿¡])[*#@](?=\S)/gu, "$1")
    .replace(/\\(.)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

interface Pending {
  resolve: (text: string) => void;
  reject: (error: Error) => void;
}

/**
 * One running pipeline of one direction (any direction: the cross-language eval set is built with `eng-spa`).
 * Requests are tagged with a superblank `[#n]`, which passes through untouched.
 */
export class ApertiumPipeline {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private buffer = "";
  private next = 1;
  dead = false;
  readonly warm: Promise<void>;

  constructor(pair: Pick<ApertiumPair, "mode" | "file">, logger: Logger) {
    this.child = spawn("sh", ["-c", nullFlushPipeline(pair.file), "apertium", "-n", ""], {
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => this.onData(chunk));
    this.child.stderr.resume();
    this.child.stdin.on("error", () => this.fail());
    this.child.on("error", () => this.fail());
    this.child.on("exit", (code) => {
      if (!this.dead) logger.warn("apertium pipeline exited", { mode: pair.mode, code });
      this.fail();
    });
    let timer: NodeJS.Timeout | undefined;
    this.warm = Promise.race([
      this.send("hola").then(() => undefined),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TranslateFailure("timeout")), APERTIUM_START_TIMEOUT_MS);
        timer.unref();
      }),
    ]).finally(() => clearTimeout(timer));
    this.warm.catch(() => this.stop());
  }

  send(text: string, signal?: AbortSignal): Promise<string> {
    if (this.dead) return Promise.reject(new TranslateFailure("network"));
    const id = this.next++;
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      signal?.addEventListener("abort", () => {
        // A late answer to this tag is dropped when it arrives.
        if (this.pending.delete(id)) reject(new TranslateFailure("timeout"));
      });
      // The trailing empty superblank keeps the last punctuation mark, which the tokenizer would otherwise hold back.
      this.child.stdin.write(`[#${id}]${toApertiumStream(text)}[]\u0000`);
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf("\u0000")) >= 0) {
      const segment = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      const m = /^\s*\[#(\d+)\]([\s\S]*?)(?:\[\])?\s*$/.exec(segment);
      if (!m) continue;
      const id = Number(m[1]);
      const waiting = this.pending.get(id);
      if (!waiting) continue;
      this.pending.delete(id);
      waiting.resolve(fromApertiumStream(m[2] ?? ""));
    }
  }

  private fail(): void {
    this.dead = true;
    for (const waiting of this.pending.values()) waiting.reject(new TranslateFailure("network"));
    this.pending.clear();
  }

  stop(): void {
    if (!this.dead) this.dead = true;
    this.fail();
    try {
      if (this.child.pid !== undefined && this.child.exitCode === null) process.kill(-this.child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

/**
 * Apertium through its own pipelines: one long-lived null-flush pipeline per direction into English, started on
 * first use (or by `ready`), restarted when it dies. Languages: the installed `*-eng` modes.
 */
export function apertiumEngine(install: ApertiumInstall, logger: Logger): TranslationEngine & { warmAll(): Promise<void> } {
  const bySource = new Map<string, ApertiumPair>();
  for (const pair of install.pairs) for (const lang of pair.languages) if (!bySource.has(lang)) bySource.set(lang, pair);
  const running = new Map<string, ApertiumPipeline>();
  let closed = false;
  const pipelineFor = (pair: ApertiumPair): ApertiumPipeline => {
    let pipeline = running.get(pair.mode);
    if (!pipeline || pipeline.dead) {
      pipeline = new ApertiumPipeline(pair, logger);
      running.set(pair.mode, pipeline);
    }
    return pipeline;
  };
  return {
    engine: "apertium",
    supports: (source) => source !== TRANSLATION_TARGET && bySource.has(source),
    async ready(source) {
      const pair = bySource.get(source);
      if (pair && !closed) await pipelineFor(pair).warm;
    },
    async translate(text, source, signal) {
      const pair = bySource.get(source);
      if (!pair || closed) throw new TranslateFailure("refused");
      const pipeline = pipelineFor(pair);
      // Loading the transducers is not the translation: the deadline starts once the pipeline answers.
      await pipeline.warm;
      return pipeline.send(text, signal);
    },
    async warmAll() {
      await Promise.all(install.pairs.map((pair) => pipelineFor(pair).warm.catch(() => undefined)));
    },
    async close() {
      closed = true;
      for (const pipeline of running.values()) pipeline.stop();
      running.clear();
    },
  };
}
