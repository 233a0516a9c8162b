import type { Command } from "commander";
import { Option } from "commander";
import type { Lookup, LookupFn, Mode } from "../../core/lookup-types.ts";
import { isHttpUrl } from "../../core/text.ts";
import { fileImageSource, urlImageSource } from "../../runtime/image-source.ts";
import { postWithImageText, type ImageReader, type ImagesRead } from "../../runtime/image-text.ts";

/** Posts longer than this are refused from stdin before any work (the pipeline caps its own work further). */
export const MAX_STDIN_BYTES = 1_000_000;

/** Options of `claimbot check` as commander hands them over. */
export interface CheckCliOptions {
  json?: boolean;
  mode: Mode;
  lang?: string;
  /** A file path or an http(s) URL of an image whose text is read and looked up (the text argument is its caption). */
  image?: string;
}

/** Output streams and the lookup: injected so tests run the command without a process. */
export interface CheckIo {
  lookup: LookupFn;
  stdout: { write(chunk: string): unknown };
  defaultLocale?: "en" | "ko";
  /** Reads images (`--image`); absent when OCR is off. */
  images?: ImageReader;
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

/** Exit code of `check --image` when the image could not be read (the reason is printed). */
export const EXIT_IMAGE_UNREADABLE = 2;

/** `check --image`: reads the image, then looks its text up with the caption. Exit 0 also for "no text found". */
async function checkImage(caption: string, image: string, options: CheckCliOptions, io: CheckIo): Promise<number> {
  const { t, chooseLocale } = await import("../../core/i18n.ts");
  const locale = io.defaultLocale ?? "en";
  if (!io.images) {
    io.stdout.write(options.json ? `${JSON.stringify({ outcome: "rejected", matches: [], reason: "ocr-disabled" })}\n` : `${t(locale, "image.problem.unavailable")}\n`);
    return EXIT_IMAGE_UNREADABLE;
  }
  const source = isHttpUrl(image) ? urlImageSource(image) : fileImageSource(image);
  const read: ImagesRead = await io.images.read([source]);
  const [problem] = read.problems;
  const imageJson = { text: read.text, confidence: read.confidence, ...(problem ? { problem } : {}) };
  if (!read.text && !caption.trim()) {
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ outcome: "rejected", matches: [], reason: problem ? "image-unreadable" : "no-text-in-image", image: imageJson })}\n`);
    } else {
      const { noImageTextReply, imageProblemReply } = await import("../../core/image-reply.ts");
      const reply = problem ? imageProblemReply(locale, problem) : noImageTextReply(locale);
      io.stdout.write(`${reply.title}: ${reply.text}\n`);
    }
    return problem ? EXIT_IMAGE_UNREADABLE : 0;
  }
  const post = postWithImageText({ text: caption, ...(options.lang ? { lang: options.lang } : {}) }, read);
  const lookup = await io.lookup(post, options.mode);
  const { toLookupJson } = await import("../../core/lookup.ts");
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ...toLookupJson(lookup), image: imageJson })}\n`);
    return 0;
  }
  const { renderReply } = await import("../../core/render-reply.ts");
  const { withImageText } = await import("../../core/image-reply.ts");
  const replyLocale = chooseLocale({ postLanguage: lookup.query.language, defaultLocale: locale });
  io.stdout.write(`${withImageText(renderReply(lookup, replyLocale), read.text).text}\n`);
  return 0;
}

/** Runs one check and prints it; returns the exit code (0, also for `none`). */
export async function checkCommand(text: string, options: CheckCliOptions, io: CheckIo): Promise<number> {
  if (options.image !== undefined) return checkImage(text, options.image, options, io);
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
    .description("Look up a post among the fact-checks (text, or - to read stdin; --image reads a screenshot)")
    .argument("[text]", "the post text, or - for stdin (with --image: the caption, optional)")
    .option("--json", "print one JSON object: {outcome, matches[], reason?}")
    .addOption(new Option("--mode <mode>", "dm (a person asked) or group (screening, stricter)").choices(["dm", "group"]).default("dm"))
    .option("--lang <tag>", "language of the post (BCP-47), overrides detection")
    .option("--image <file|url>", "read the text of an image (PNG, JPEG, GIF, WebP, BMP) and look it up")
    .action(async (text: string | undefined, options: CheckCliOptions) => {
      if (text === undefined && options.image === undefined) {
        process.stderr.write("error: give the post's text (or - for stdin), or --image <file|url>\n");
        process.exitCode = 1;
        return;
      }
      const input = text === "-" ? await readStdin() : (text ?? "");
      const { createApp } = await import("../../app.ts");
      const { createImageReader } = await import("../../runtime/image-text.ts");
      const app = await createApp({ progress: true });
      try {
        process.exitCode = await checkCommand(input, options, {
          lookup: app.lookup,
          stdout: process.stdout,
          defaultLocale: app.config.DEFAULT_LOCALE,
          ...(app.ocr ? { images: createImageReader({ ocr: app.ocr, maxBytes: app.config.OCR_MAX_IMAGE_BYTES, logger: app.logger }) } : {}),
        });
      } finally {
        await app.close();
      }
    });
}
