/**
 * Paraphrases: the same claim as a starter record, in other words. Mostly real wordings: the Snopes article titles
 * of CheckThat 2022-2a-en (`vclaims.jsonl`, joined to the starter Snopes records by URL; the starter holds no title).
 * Then rule-based rewrites of other starter claims: clause reorder, passive voice, a reporting frame, a question,
 * with synonyms from a small committed table.
 */
import { capitalise, contentWords, overlap, picker, type BuilderData } from "./build-identity-eval-data.ts";
import { postForm, surface, type EvalLine } from "./build-identity-eval-near-miss.ts";

/** Real titles wanted per band: `title-hard` shares less than HARD_TITLE_OVERLAP of its content words with the
 * claim, `title` the rest (up to TITLE_MAX_OVERLAP). */
export const TITLE_QUOTA: Readonly<Record<"title" | "title-hard", number>> = { title: 75, "title-hard": 95 };
/** Below this content-word overlap a title is a hard paraphrase. */
const HARD_TITLE_OVERLAP = 0.45;
/** Rule-based rewrites wanted. */
export const RULE_QUOTA = 50;
/** A title sharing this share of its content words with the claim (or more) is too close to be a paraphrase. */
const TITLE_MAX_OVERLAP = 0.7;
/** A title sharing less than this is usually about the article, not a statement of the claim. */
const TITLE_MIN_OVERLAP = 0.25;
/** Shortest title kept (words). */
const TITLE_MIN_WORDS = 6;
/** Headlines that state the debunk or the topic, not the claim. */
const NOT_THE_CLAIM = /\b(not|no|never|isn't|aren't|wasn't|weren't|doesn't|didn't|don't|won't|fake|hoax|false|myth|debunk\w*|origins?|history of|how|why|rumor|rumour|scam|satire|misattributed|misidentified|misleading|doctored|fabricated|photoshopped|circulated|circulating|real story|truth about|behind)\b/i;
/** A headline that is a statement (not a question) must share at least this much with the claim to state it. */
const STATEMENT_MIN_OVERLAP = 0.45;

/** Synonyms used by the rewrites (whole words, first form → second). */
export const SYNONYMS: ReadonlyArray<readonly [string, string]> = [
  ["photograph", "picture"], ["photo", "picture"], ["video", "clip"], ["shows", "depicts"], ["children", "kids"],
  ["banned", "outlawed"], ["said", "stated"], ["announced", "declared"], ["died", "passed away"], ["purchase", "buy"],
  ["bought", "purchased"], ["doctors", "physicians"], ["money", "funds"], ["attempting", "trying"],
  ["company", "firm"], ["restaurant", "eatery"], ["teenager", "teen"], ["increase", "rise"], ["approximately", "about"],
  ["more than", "over"], ["received", "got"], ["refused", "declined"], ["arrested", "taken into custody"],
  ["sent", "dispatched"], ["legislation", "a bill"], ["killed", "slain"], ["large", "big"], ["huge", "massive"],
  ["people", "folks"], ["stated", "said"], ["prohibited", "banned"],
  ["doubled", "grew twofold"], ["largest", "biggest"], ["nearly", "almost"],
  ["citizens", "residents"], ["woman", "lady"], ["elderly", "old"], ["fired", "sacked"],
];

/** Past participles of the passive rule's verbs where they differ from the past tense. */
const PARTICIPLE: Record<string, string> = { wrote: "written" };
const REPORT_FRAMES = ["I just read that ", "Someone in my group says ", "My aunt just sent me this — ", "Heard on the radio that ", "A friend told me "];

/** Applies up to two synonym swaps; returns the text and how many were applied. */
function synonyms(text: string, rng: ReturnType<typeof picker>): [string, number] {
  let out = text;
  let n = 0;
  for (const [from, to] of rng.shuffle(SYNONYMS)) {
    if (n >= 2 || from === to) continue;
    const re = new RegExp(`\\b${from}\\b(?!['’]s)`, "i");
    if (re.test(out)) {
      out = out.replace(re, (m) => (m[0] === m[0]!.toUpperCase() ? capitalise(to) : to));
      n++;
    }
  }
  return [out, n];
}

/** First words lower-cased after a frame ("Is it true that a …"); a name keeps its capital. */
const OPENERS = /^(A|An|The|There|In|On|At|For|Since|Under|Over|After|Before|When|More|Most|Almost|Only|Every|Some|This|That|These|Those|It|Its|Nearly|About|Half|All|No|Our|We|Your|You|He|She|They|He's|She's|Parents|People)\b/;
const lowerFirst = (t: string) => (OPENERS.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t);
const noStop = (t: string) => t.replace(/[.!]+$/, "");

/** Rewrites a claim by one rule; null when the rule does not apply. */
function rewrite(rule: string, claim: string): string | null {
  if (rule === "reorder") {
    const m = claim.match(/^(In|During|As|After|Since|Before|When|Under|Over|For|Despite|While) ([^,]{3,50}), (.{20,})$/);
    // One sentence only: moving "Under Bush," past a second sentence would change who did what.
    // "In Providence, R.I., it's …": the first comma may close a place's name, not the clause.
    return m && !/[.!?…]\s/.test(m[3]!) && !/^\S+,/.test(m[3]!) ? `${capitalise(noStop(m[3]!))} ${m[1]!.toLowerCase()} ${m[2]}.` : null;
  }
  if (rule === "passive") {
    const m = claim.match(/^((?:President |Gov\. |Sen\. )?[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2}) (signed|banned|killed|arrested|created|ordered|wrote|shot|fired|endorsed|vetoed|cut|closed|blocked|approved) (an? |the )(.{10,})$/);
    return m && !/[.!?…]\s/.test(m[4]!) ? `${capitalise(m[3]!)}${noStop(m[4]!)} was ${PARTICIPLE[m[2]!] ?? m[2]} by ${m[1]}.` : null;
  }
  if (rule === "report") return null;
  if (rule === "question") return `Is it true that ${lowerFirst(noStop(claim))}?`;
  return null;
}

/**
 * Builds the paraphrase posts. `avoid`: starter ids removed from the index (never a relevant id). `sameClaim`: the
 * records stating the same claim as a record (build-identity-eval-same-claim.ts), all relevant.
 */
export function buildParaphrases(data: BuilderData, random: () => number, avoid: ReadonlySet<string>, sameClaim: (id: string, other?: string[]) => string[]): EvalLine[] {
  const rng = picker(random);
  const out: EvalLine[] = [];
  const used = new Set<string>();
  const ok = (id: string) => !used.has(id) && sameClaim(id).every((r) => !avoid.has(r));
  for (const j of rng.shuffle(data.joined)) {
    if (out.length >= TITLE_QUOTA.title + TITLE_QUOTA["title-hard"]) break;
    const title = j.title.replace(/\s+/g, " ").trim();
    if (title.split(" ").length < TITLE_MIN_WORDS || NOT_THE_CLAIM.test(title.replace(/[’‘]/g, "'")) || !ok(j.starterId)) continue;
    const ov = overlap(contentWords(title), data.byId.get(j.starterId)!.words);
    if (ov >= TITLE_MAX_OVERLAP || ov < (title.endsWith("?") ? TITLE_MIN_OVERLAP : STATEMENT_MIN_OVERLAP)) continue;
    const relevant = sameClaim(j.starterId, [title]);
    if (relevant.some((r) => avoid.has(r))) continue;
    const kind = ov < HARD_TITLE_OVERLAP ? "title-hard" : "title";
    if (out.filter((l) => l.kind === kind).length >= TITLE_QUOTA[kind]) continue;
    used.add(j.starterId);
    out.push({ id: `pp-title-${j.starterId}`, text: surface(title, rng), set: "paraphrase", kind, relevant, mustNotMatch: [], exclude: [] });
  }
  const rules = ["reorder", "passive", "question", "report"];
  const perRule = Math.ceil(RULE_QUOTA / rules.length);
  const counts = new Map<string, number>();
  for (const s of rng.shuffle(data.starter)) {
    if (rules.every((r) => (counts.get(r) ?? 0) >= perRule)) break;
    if (!s.hasCase || s.record.language !== "en" || !ok(s.record.id)) continue;
    const claim = postForm(s.cased);
    const words = claim.split(" ").length;
    // First-person quotes and PolitiFact's subject-less claims ("Financed the biggest …") do not reword cleanly.
    if (words < 8 || words > 40 || /^(I|We|I'm|We're|Our|My|Signs|Voted|Wants|Supports|Opposes|\w+ed)\b/.test(claim)) continue;
    for (const rule of rng.shuffle(rules)) {
      if ((counts.get(rule) ?? 0) >= perRule) continue;
      // Synonyms go into the claim's own words, never into the frame around them.
      const [reworded, n] = synonyms(claim, rng);
      if (n === 0 && (rule === "report" || rule === "question")) continue;
      const text = rule === "report" ? `${rng.pick(REPORT_FRAMES)}${lowerFirst(reworded)}` : rewrite(rule, reworded);
      if (!text) continue;
      counts.set(rule, (counts.get(rule) ?? 0) + 1);
      used.add(s.record.id);
      out.push({ id: `pp-rule-${rule}-${s.record.id}`, text: rng.chance(0.15) ? text.toLowerCase() : text, set: "paraphrase", kind: `rule-${rule}`, relevant: sameClaim(s.record.id), mustNotMatch: [], exclude: [] });
      break;
    }
  }
  return out;
}
