/**
 * Which starter records state the same claim as a given one: its exact duplicates, plus other publishers' records
 * that share most content words (stemmed) with it or with another wording of it (a Snopes title) AND name the same
 * slot values (people, places, organisations, numbers …: each text names every slot value the other has). They are all `relevant`: answering with PolitiFact's check
 * of "Tens of thousands of fraudulent Clinton votes found in Ohio warehouse" is right for the Snopes one.
 */
import { contentSeq, duplicatesOf, postFormOf, type BuilderData } from "./build-identity-eval-data.ts";
import { findSlots, type Pools } from "./build-identity-eval-pools.ts";

/** Stemmed content-word Jaccard at or above which a record may be the same claim (slots decide). */
export const SAME_CLAIM_JACCARD = 0.5;
/** And the smaller wording's stems found in the other, at least this share ("tax churches" ≠ "tax you people"). */
export const SAME_CLAIM_CONTAINMENT = 0.8;
/** Wordings with fewer content stems than this are too short to call ("On his support for Donald Trump"). */
const MIN_STEMS = 4;
const NUMBER_WORDS: Record<string, string> = { one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10" };
const stem = (w: string) => NUMBER_WORDS[w] ?? w.replace(/(ing|ed|es|s)$/, "").slice(0, 6);

function stems(text: string): Set<string> {
  return new Set(contentSeq(text).map(stem));
}

/** True when two stem sets overlap enough to be one claim's wordings. */
function close(a: Set<string>, b: Set<string>): boolean {
  if (a.size < MIN_STEMS || b.size < MIN_STEMS) return false;
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n / (a.size + b.size - n) >= SAME_CLAIM_JACCARD && n / Math.min(a.size, b.size) >= SAME_CLAIM_CONTAINMENT;
}

/** Lower-cased, number words as digits, thousands separators and "$" dropped: for comparing slot values. */
function fold(text: string): string {
  return text.toLowerCase().replace(/[,$]/g, "").replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten)\b/g, (w) => NUMBER_WORDS[w]!);
}

/** The slot values a text names, folded. */
function slotValues(text: string, pools: Pools): string[] {
  return [...new Set(findSlots(text, pools).map((s) => fold(s.value)))];
}

/** Every slot value of each text is named by the other (casing aside: title case invents "names"). */
function sameSlots(a: { text: string; slots: string[] }, b: { text: string; slots: string[] }): boolean {
  const fa = fold(a.text), fb = fold(b.text);
  return a.slots.every((v) => fb.includes(v)) && b.slots.every((v) => fa.includes(v));
}

/** Builds the same-claim lookup once (stems of every English record). */
export function sameClaimFinder(data: BuilderData, pools: Pools): (id: string, otherWordings?: readonly string[]) => string[] {
  const english = data.starter.filter((s) => s.record.language === "en").map((s) => ({ id: s.record.id, text: postFormOf(s), stems: stems(s.record.claim) }));
  const slotCache = new Map<string, string[]>();
  const slotsOf = (c: { id: string; text: string }) => {
    let slots = slotCache.get(c.id);
    if (!slots) slotCache.set(c.id, (slots = slotValues(c.text, pools)));
    return slots;
  };
  const memo = new Map<string, string[]>();
  return (id, otherWordings = []) => {
    const key = [id, ...otherWordings].join("\u0000");
    const known = memo.get(key);
    if (known) return known;
    const self = data.byId.get(id)!;
    const wordings = [postFormOf(self), ...otherWordings];
    const out = new Set(duplicatesOf(data, id));
    for (const w of wordings) {
      const ws = stems(w);
      const wording = { text: w, slots: slotValues(w, pools) };
      for (const c of english) {
        if (out.has(c.id) || !close(ws, c.stems)) continue;
        if (sameSlots(wording, { text: c.text, slots: slotsOf(c) })) for (const d of duplicatesOf(data, c.id)) out.add(d);
      }
    }
    const result = [...out];
    memo.set(key, result);
    return result;
  };
}
