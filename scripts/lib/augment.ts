/**
 * Training augmentation for scripts/train-reranker.ts (train splits only):
 * - `noisyCopy`: a train post as people forward it (a forwarding header, a plea to share, screenshot chrome, line
 *   wraps, hashtags, emoji, a Korean aside, chatter). Its gold stays relevant: the model must still answer it.
 * - `swappedClaim`: a gold claim with one slot replaced (a person, organisation, place or country by another of its
 *   kind seen in the train claims; a number by another). Posted with the original in the index, every candidate is
 *   a negative: the original is now a near-miss, a different claim in the same words.
 * The wording here is deliberately not the identity eval's (test/fixtures/eval/identity), so that set stays unseen.
 */
import { findMentions, identityTokens, type EntityKind, type Mention } from "../../src/core/entities.ts";

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const HEADERS = ["Fwd:", "Forwarded message", "Forwarded from Daily Truth", "FW: from my uncle", "↪️ forwarded"];
const PLEAS = ["Please share this with everyone!", "Share before it gets deleted!!", "Spread the word.", "Copy and paste, don't just share.", "RT if you agree"];
const CHATTER = ["Unbelievable.", "I knew it!!", "Thoughts?", "Wow just wow", "Can't make this up", "Look at this 👇"];
const KOREAN = ["이거 진짜예요?", "대박", "다들 보세요", "충격", "확인 부탁드려요"];
const TAGS = ["#truth", "#wakeup", "#news", "#breaking", "#share", "#viral", "#fyp", "#facts"];

/** Wraps a line at roughly `width` characters, as a screenshot read by OCR comes out. */
function wrap(text: string, width: number): string {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join("\n");
}

/** A noisy copy of a post: two to four kinds of noise, chosen by `random`. */
export function noisyCopy(text: string, random: Random): string {
  let body = text;
  if (random() < 0.4) body = wrap(body, 28 + Math.floor(random() * 20));
  const before: string[] = [];
  const after: string[] = [];
  if (random() < 0.5) before.push(pick(random, HEADERS));
  if (random() < 0.3) before.push(pick(random, CHATTER));
  if (random() < 0.3) before.push(`${pick(random, ["Jane Doe", "News Daily", "Patriot Mom"])}\n@${pick(random, ["janedoe", "newsdaily1", "patriotmom77"])}`);
  if (random() < 0.3) after.push(`${1 + Math.floor(random() * 12)}:${String(Math.floor(random() * 60)).padStart(2, "0")} PM · Mar 3, 2020 · Twitter for Android`);
  if (random() < 0.5) after.push(pick(random, PLEAS));
  if (random() < 0.4) after.push(Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(random, TAGS)).join(" "));
  if (random() < 0.3) (random() < 0.5 ? before : after).push(pick(random, KOREAN));
  if (random() < 0.3) body = `🚨🚨 ${body} 😱`;
  if (before.length + after.length === 0) after.push(pick(random, PLEAS));
  return [...before, body, ...after].join("\n");
}

/** Mentions of the train claims by kind, for swaps. */
export type MentionPools = Map<EntityKind, string[]>;

export function mentionPools(claims: readonly string[]): MentionPools {
  const pools: MentionPools = new Map();
  for (const claim of claims) {
    for (const m of findMentions(identityTokens(claim)).mentions) {
      if (m.kind === "name") continue;
      const list = pools.get(m.kind) ?? [];
      if (list.length < 2000 && !list.includes(m.text)) list.push(m.text);
      pools.set(m.kind, list);
    }
  }
  return pools;
}

/** The claim with one slot swapped, or null when it has no slot to swap. */
export function swappedClaim(claim: string, pools: MentionPools, random: Random): string | null {
  const { tokens, mentions } = findMentions(identityTokens(claim));
  const swappable = mentions.filter((m: Mention) => (pools.get(m.kind)?.length ?? 0) > 10 && !(m.kind === "country" && m.key === "US"));
  const numbers = tokens.filter((t) => /^\d+$/.test(t.raw) && !/^(19|20)\d\d$/.test(t.raw));
  if (swappable.length > 0 && (numbers.length === 0 || random() < 0.8)) {
    const m = pick(random, swappable);
    let other = pick(random, pools.get(m.kind)!);
    for (let tries = 0; tries < 5 && other.toLowerCase().includes(m.words.at(-1)!); tries++) other = pick(random, pools.get(m.kind)!);
    const pattern = new RegExp(`\\b${m.words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\W+")}\\b`, "iu");
    const out = claim.replace(pattern, other);
    return out === claim ? null : out;
  }
  if (numbers.length > 0) {
    const n = pick(random, numbers).raw;
    const other = String(Number(n) * (2 + Math.floor(random() * 3)) + 1);
    return claim.replace(new RegExp(`\\b${n}\\b`), other);
  }
  return null;
}
