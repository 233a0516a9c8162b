import type { Command } from "commander";
import { Option } from "commander";
import type { Lookup, LookupFn, Mode } from "../../core/lookup-types.ts";

/** Posts longer than this are refused from stdin before any work (the pipeline caps its own work further). */
export const MAX_STDIN_BYTES = 1_000_000;

/** Options of `claimbot check` as commander hands them over. */
export interface CheckCliOptions {
  json?: boolean;
  mode: Mode;
  lang?: string;
}

/** Output streams and the lookup: injected so tests run the command without a process. */
export interface CheckIo {
  lookup: LookupFn;
  stdout: { write(chunk: string): unknown };
  defaultLocale?: "en" | "ko";
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_STDIN_BYTES) break;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A plain summary, used when the reply renderer is not available. */
export function plainSummary(lookup: Lookup): string {
  const lines = [`outcome: ${lookup.outcome}${lookup.outcome === "rejected" ? ` (${lookup.reason})` : ""}`];
  for (const m of lookup.matches) {
    lines.push(
      `- ${m.factCheck.rating} (${m.factCheck.verdict}) — ${m.factCheck.publisher.name}, ${m.factCheck.reviewDate}`,
      `  ${m.factCheck.claim}`,
      `  ${m.factCheck.url}  score ${m.score.toFixed(2)}; matched: ${m.matchedTerms.join(", ")}`,
    );
  }
  return lines.join("\n");
}

/** Runs one check and prints it; returns the exit code (0, also for `none`). */
export async function checkCommand(text: string, options: CheckCliOptions, io: CheckIo): Promise<number> {
  const lookup = await io.lookup({ text, ...(options.lang ? { lang: options.lang } : {}) }, options.mode);
  const { toLookupJson } = await import("../../core/lookup.ts");
  if (options.json) {
    io.stdout.write(`${JSON.stringify(toLookupJson(lookup))}\n`);
    return 0;
  }
  let rendered: string | undefined;
  try {
    const { renderReply } = await import("../../core/render-reply.ts");
    const { chooseLocale } = await import("../../core/i18n.ts");
    const locale = chooseLocale({ postLanguage: lookup.query.language, defaultLocale: io.defaultLocale ?? "en" });
    rendered = renderReply(lookup, locale).text;
  } catch {
    rendered = undefined;
  }
  io.stdout.write(`${rendered ?? plainSummary(lookup)}\n`);
  return 0;
}

export function register(program: Command): void {
  program
    .command("check")
    .description("Look up a post among the fact-checks (text, or - to read stdin)")
    .argument("<text>", "the post text, or - for stdin")
    .option("--json", "print one JSON object: {outcome, matches[], reason?}")
    .addOption(new Option("--mode <mode>", "dm (a person asked) or group (screening, stricter)").choices(["dm", "group"]).default("dm"))
    .option("--lang <tag>", "language of the post (BCP-47), overrides detection")
    .action(async (text: string, options: CheckCliOptions) => {
      const input = text === "-" ? await readStdin() : text;
      const { createApp } = await import("../../app.ts");
      const app = await createApp({ progress: true });
      try {
        process.exitCode = await checkCommand(input, options, {
          lookup: app.lookup,
          stdout: process.stdout,
          defaultLocale: app.config.DEFAULT_LOCALE,
        });
      } finally {
        await app.close();
      }
    });
}
