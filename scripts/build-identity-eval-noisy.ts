/**
 * The noisy-post dev set: CheckThat 2022-2a-en dev and devtest tweets (never train) whose gold vclaim joins a starter
 * record by URL, wrapped in forwarding noise, each with a clean copy, plus posts holding two tweets (two claims).
 */
import { join } from "node:path";
import { loadQrels, loadQueries, type EvalQuery } from "../src/eval/checkthat.ts";
import { picker, type BuilderData } from "./build-identity-eval-data.ts";
import type { EvalLine } from "./build-identity-eval-near-miss.ts";

/** Noise kinds; every noisy post has one as its primary kind and may have up to two more. */
export const NOISE_KINDS = ["forwarded", "hashtags", "share-plea", "emoji", "ocr", "korean"] as const;
/** Posts holding two tweets (two claims, both relevant). */
export const TWO_CLAIM_POSTS = 20;
/** Splits whose tweets are used (train is what the matcher trains on: never here). */
export const NOISY_SPLITS = ["dev", "devtest"] as const;
/** Width range (characters) of an OCR'd screenshot line. */
const OCR_LINE_CHARS: readonly [number, number] = [30, 46];

type Rng = ReturnType<typeof picker>;
const CHANNELS = ["Patriot Truth Channel", "Wake Up America 🇺🇸", "Real News Network", "Daily Red Pill", "Freedom Voices", "Uncensored Updates", "Mom's Group News", "The Awakening"];
const PLEAS = ["SHARE BEFORE THEY DELETE IT!!", "Media won't report this. Pass it on!!", "Copy and paste, don't just share!", "Send this to everyone you know 🙏", "They don't want you to see this!!! SHARE", "Please forward to all your groups"];
const TAGS = ["#wakeup", "#truth", "#news", "#share", "#breaking", "#MAGA", "#resist", "#viral", "#factsmatter", "#staywoke", "#WWG1WGA", "#medialies"];
const KO_PREFACE = ["[펌] 이거 진짜인가요?", "단톡방에서 받은 글입니다.", "충격적인 소식입니다!!", "이 뉴스 사실인지 확인 부탁드려요", "카톡으로 돌고 있는 내용이에요", "[속보] 미국 소식"];
const KO_SUFFIX = ["다들 꼭 공유해 주세요!!", "출처: 트위터", "이게 사실이면 큰일이네요...", "주변에 널리 알려주세요", "사실 확인 부탁드립니다"];
const CAPTIONS = ["Look at this 👇", "Is this real??", "Can't believe this", "my uncle sent me this", "is this true", "WOW", "Saw this on Facebook"];
const EMOJI = ["🚨", "😱", "🔥", "‼️", "👇", "😡", "🤯", "⚠️", "🙏", "💯"];
const STRAY = ["|", "»", "©", "•", "_", "~", "'", "l"];

/** Splits a tweet into its text and the "— Name (@handle) Date" signature CheckThat keeps. */
function splitSignature(tweet: string): { body: string; name: string; handle: string; date: string } {
  const m = tweet.match(/^(.*)\s+— (.+?) \((@\w+)\) (\w+ \d{1,2}, \d{4})\s*$/s);
  return m ? { body: m[1]!, name: m[2]!, handle: m[3]!, date: m[4]! } : { body: tweet, name: "", handle: "", date: "" };
}

/** Text as read off a screenshot of the tweet: header, broken line wraps, stray characters, counters. */
function ocr(tweet: string, rng: Rng): string {
  const { body, name, handle, date } = splitSignature(tweet);
  const words = body.replace(/https?:\/\/\S+/g, "").split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  const width = OCR_LINE_CHARS[0] + Math.floor(rng.chance(0.5) ? 4 : 12);
  for (const w of words) {
    if ((line + " " + w).length > width && line) {
      if (rng.chance(0.25) && w.length > 6) {
        const cut = Math.floor(w.length / 2);
        lines.push(`${line} ${w.slice(0, cut)}-`);
        line = w.slice(cut);
        continue;
      }
      lines.push(rng.chance(0.15) ? `${line} ${rng.pick(STRAY)}` : line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  const text = lines.join("\n").replace(/[a-z]/g, (c) => (rng.chance(0.015) ? (c === "l" ? "1" : c === "o" ? "0" : c === "i" ? "l" : c) : c));
  const head = name ? `${name}\n${handle}\n` : "";
  const foot = date ? `\n${rng.chance(0.5) ? "9:41 PM" : "11:02 AM"} · ${date} · Twitter for iPhone\n${Math.floor(rng.chance(0.5) ? 312 : 1204)} Retweets ${rng.chance(0.5) ? "2.1K" : "845"} Likes` : "";
  return `${rng.pick(CAPTIONS)}\n\n${head}${text}${foot}`;
}

function hashtags(tweet: string, rng: Rng): string {
  const fromText = (splitSignature(tweet).body.match(/\b[A-Z][a-z]{3,}\b/g) ?? []).slice(0, 3).map((w) => `#${w}`);
  return rng.shuffle([...rng.shuffle(TAGS).slice(0, 3 + Math.floor(rng.chance(0.5) ? 1 : 3)), ...fromText]).join(" ");
}

/** Wraps one tweet in the given noise kinds. */
export function addNoise(tweet: string, kinds: readonly string[], rng: Rng): string {
  let body = kinds.includes("ocr") ? ocr(tweet, rng) : tweet;
  if (kinds.includes("emoji")) {
    body = `${rng.pick(EMOJI).repeat(3)} ${body.replace(/([.!?])\s+(?=[A-Z])/, `$1 ${rng.pick(EMOJI)}${rng.pick(EMOJI)} `)} ${rng.pick(EMOJI)}${rng.pick(EMOJI)}`;
  }
  const before: string[] = [];
  const after: string[] = [];
  if (kinds.includes("forwarded")) before.push(rng.chance(0.5) ? "Forwarded many times" : `Forwarded from ${rng.pick(CHANNELS)}`);
  if (kinds.includes("korean")) {
    before.push(rng.pick(KO_PREFACE));
    if (rng.chance(0.6)) after.push(rng.pick(KO_SUFFIX));
  }
  if (kinds.includes("share-plea")) (rng.chance(0.5) ? before : after).push(rng.pick(PLEAS));
  if (kinds.includes("hashtags")) after.push(hashtags(tweet, rng));
  return [...before, body, ...after].join(rng.chance(0.7) ? "\n" : " ");
}

/**
 * Builds the noisy and clean posts. `avoid`: ids removed from the index (a tweet relevant to one is skipped).
 * `sameClaim`: the records stating the same claim as a record (with other wordings: the vclaim's claim and title).
 */
export function buildNoisy(data: BuilderData, sharedDir: string, random: () => number, avoid: ReadonlySet<string>, sameClaim: (id: string, other?: string[]) => string[]): EvalLine[] {
  const rng = picker(random);
  const dir = join(sharedDir, "data/checkthat/2022-2a-en");
  const trainTexts = new Set(loadQueries(join(dir, "train.queries.tsv")).map((q) => q.text.trim().toLowerCase()));
  const tweets: Array<{ q: EvalQuery; relevant: string[] }> = [];
  for (const split of NOISY_SPLITS) {
    const qrels = loadQrels(join(dir, `${split}.qrels.tsv`));
    for (const q of loadQueries(join(dir, `${split}.queries.tsv`))) {
      const gold = [...(qrels.get(q.id) ?? [])];
      const joined = gold.map((g) => data.joinedByVclaim.get(g));
      if (gold.length === 0 || joined.some((j) => !j) || trainTexts.has(q.text.trim().toLowerCase())) continue;
      const relevant = [...new Set(joined.flatMap((j) => sameClaim(j!.starterId, [j!.claim, j!.title].filter(Boolean))))];
      if (relevant.some((id) => avoid.has(id))) continue;
      tweets.push({ q, relevant });
    }
  }
  const out: EvalLine[] = [];
  tweets.forEach(({ q, relevant }, i) => {
    const primary = NOISE_KINDS[i % NOISE_KINDS.length]!;
    const extras = rng.shuffle(NOISE_KINDS.filter((k) => k !== primary)).slice(0, Math.floor(random() * 3));
    const kinds = [primary, ...extras];
    out.push({ id: `nz-clean-${q.id}`, text: q.text, set: "noisy", kind: "clean", relevant, mustNotMatch: [], exclude: [], noise: [] });
    out.push({
      id: `nz-${q.id}`, text: addNoise(q.text, kinds, rng), set: "noisy", kind: primary, relevant, mustNotMatch: [], exclude: [], noise: kinds,
      ...(kinds.includes("korean") ? { lang: "ko+en" } : {}),
    });
  });
  const pool = rng.shuffle(tweets);
  for (let i = 0; i + 1 < pool.length && out.filter((l) => l.kind === "two-claims").length < TWO_CLAIM_POSTS; i += 2) {
    const a = pool[i]!, b = pool[i + 1]!;
    if (a.relevant.some((id) => b.relevant.includes(id))) continue;
    const extra = rng.chance(0.5) ? ["forwarded"] : [];
    const joined = `${a.q.text}${rng.pick(["\n\n", "\n", " | ", "\n\nAlso: "])}${b.q.text}`;
    out.push({
      id: `nz-two-${a.q.id}-${b.q.id}`, text: extra.length > 0 ? addNoise(joined, extra, rng) : joined, set: "noisy", kind: "two-claims",
      relevant: [...a.relevant, ...b.relevant], mustNotMatch: [], exclude: [], noise: ["two-claims", ...extra], claims: [a.relevant, b.relevant],
    });
  }
  return out;
}
