import {
  align,
  analyse,
  bestWindow,
  contentCount,
  frameShare,
  HANGUL_STEM_CHARS,
  HANGUL_WORD,
  mentionOver,
  mentionsIn,
  mentionTokens,
  modifier,
  isNumberAt,
  phraseIn,
  restatesPart,
  sameQualified,
  SLOT_MAX_DISTANCE,
  slotDistance,
  slotEnd,
  slotWords,
  wordSet,
  type Analysed,
  type View,
} from "./claim-alignment.ts";
import { MAGNITUDES, numbersOf, numberSlotDifference, NUMBER_FRAME_MIN_SHARE, POLARITY_MAX_WORDS, polarityDifference, YEAR } from "./claim-polarity.ts";
import { kindOf, otherOfKind, synonymous } from "./claim-synonyms.ts";
import { commonPrefix, PERSON_TITLES, sameEntity, sameSlotKind, type EntityKind, type Mention } from "./entities.ts";
import type { FactCheck } from "./factcheck.ts";
import { defaultIdf } from "./model/idf.ts";

/**
 * Claim identity: is the post the *same claim* as a fact-check's, or a different claim in its words? Misinformation is
 * templated ("X was arrested for Y", "country X sends troops"), so sharing the frame is not being the same claim. The
 * post is aligned with each wording of the claim and what differs is named:
 * - `person` | `organisation` | `place` | `country` | `name`: the post names one thing where the claim names another
 *   of its kind (Elizabeth Warren / Nancy Pelosi, Iran / North Korea, Ohio / California);
 * - `quantity`: both give numbers (years aside) and none agree; `date`: both give years and none agree;
 * - `object`: one aligned slot holds other content words ("banning confederate flags" / "banning assault weapons"),
 *   or, in a short post restating the start of a longer claim, another thing of the slot's kind ("Koko the cow" /
 *   "koko the gorilla");
 * - `polarity`: one side negates or contradicts what the other says (not, never, n't; north/south, rise/fall …).
 * A candidate with differences is never a `match` (decide.ts); in a private chat it may be shown as a similar claim
 * about something else, naming the difference. Long posts are compared on their window that best covers the claim.
 */
export type DifferenceKind = EntityKind | "quantity" | "date" | "object" | "polarity";

/** One salient slot in which the post and the claim differ, as each side writes it. */
export interface ClaimDifference {
  kind: DifferenceKind;
  post: string;
  claim: string;
}

/** An `object` slot must hold at least this share of the claim's word weight, and the rest must be matched. */
const OBJECT_SLOT_MIN_SHARE = 0.2;
const OBJECT_FRAME_MIN_SHARE = 0.75;
/** A one-slot swap inside an otherwise identical claim: the rest must be this complete. */
const SWAP_FRAME_MIN_SHARE = 0.85;
/** A swap inside a claim replaces at most this many words on each side. */
const SWAP_MAX_WORDS = 2;
/** Two words sharing this many first letters are forms of one word (in Hangul, `HANGUL_STEM_CHARS` syllables). */
const INFLECTION_PREFIX = 4;

/**
 * Month and day names say when, not what: the date rule compares years, and "in January of 2016" / "come 2016" is no
 * object ("March" and "May" are left out: "a march", "may" are other words too).
 */
const CALENDAR_WORDS: ReadonlySet<string> = new Set(
  "january february april june july august september october november december jan feb apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday".split(" "),
);

/**
 * A Hangul word that is a noun made a verb ("파견하기로", "결정했다", "투입된다": a stem, then a form of 하다 or 되다)
 * says what is done, not to what: no object. Korean has many words for one act ("파견" / "파병", both "dispatch"),
 * and no synonym table here knows them.
 */
const HANGUL_PREDICATE = /^\p{Script=Hangul}{2,}?(?:하|한|할|함|합|했|해|되|된|될|됨|됩|됐|돼|시키|시킨|시켰)\p{Script=Hangul}*$/u;

/** Words that open a predicate after its subject ("was a democrat", "is dead", "has cancer", "will resign"). */
const PREDICATE_OPENERS: ReadonlySet<string> = new Set(
  "is are was were be been has have had will would can could may might shall should must".split(" "),
);

/** An object slot follows at least this many shared content words. */
const OBJECT_MIN_ANCHORS = 3;
/** A swapped object is a short phrase on both sides (a template's slot), not a restatement. */
const OBJECT_SLOT_MAX_WORDS = 4;
/** A content word this frequent (IDF below) is no object ("people", "state"). */
const OBJECT_MIN_IDF = 4;
/**
 * A differing name counts only when the post holds at least this share of the rest of the claim (its frame), or the
 * claim nearly all of the rest of the post (`restatesPart`).
 */
export const FRAME_MIN_SHARE = 0.5;
/** Countries are the most telling slot: a country in the same slot differs on a thinner shared frame. */
export const COUNTRY_FRAME_MIN_SHARE = 0.3;
/** A slot (the words between two shared ones) holding more content words than this is other text, not a swap. */
export const SLOT_MAX_WORDS = 6;
/** A wording sharing fewer words or mentions than this with the post (another language) is not compared. */
const MIN_SHARED = 2;

/** What follows a Hangul name in its word (its particle: "이" of "북한이"); "" elsewhere. */
const particle = (m: Mention, v: View) => (m.to - m.from === 1 ? v.a.tokens[m.from]!.lower.slice(m.text.length) : "");

function mentionDifference(p: View, c: View, pw: Set<string>, cw: Set<string>, gapP: number[], gapC: number[]): ClaimDifference | null {
  const pm = mentionsIn(p);
  const cm = mentionsIn(c);
  // A name is there when the other side names it, or writes its words, or its surname without naming another
  // person of that surname, or a person's every name apart ("Hunter Biden" in "Joe Biden's son, Hunter").
  // (A name of several words must stand as a phrase: "Clinton Foundation" is not in "… the Clintons …".)
  const present = (m: Mention, others: Mention[], words: Set<string>, other: View) =>
    others.some((o) => sameEntity(m, o)) ||
    (m.kind !== "country" && m.kind !== "place" &&
      ((m.words.length === 1 ? words.has(m.words[0]!) : phraseIn(m.words, other)) ||
        (words.has(m.words.at(-1)!) && !others.some((o) => o.words.at(-1) === m.words.at(-1))) ||
        (m.kind === "person" && m.words.length > 1 && m.words.every((w) => words.has(w)))));
  // Each mention of one side pairs with at most one of the other: a claim naming Russia twice ("Russian President
  // … won't take over Russia") is not covered by a post naming it once ("Russian President … United Arab Emirates").
  // A twin in the same slot pairs first ("spanish people … as spanish" / "portuguese people … as spanish": the
  // post's second "spanish" is the claim's; its first stands where the claim says "portuguese").
  const unpaired = (mine: Mention[], theirs: Mention[], words: Set<string>, other: View, gapsMine: number[], gapsTheirs: number[]) => {
    const used = new Set<Mention>();
    const paired = new Set<Mention>();
    for (const sameSlot of [true, false]) {
      for (const m of mine) {
        if (paired.has(m)) continue;
        const twin = theirs.find((o) => !used.has(o) && sameEntity(m, o) && (!sameSlot || gapsTheirs[o.from] === gapsMine[m.from]));
        if (twin) {
          used.add(twin);
          paired.add(m);
        }
      }
    }
    return mine.filter((m) => {
      if (paired.has(m)) return false;
      // Named on the other side, but each of those names already paired: one occurrence too many.
      if (theirs.some((o) => sameEntity(m, o))) return true;
      return !present(m, theirs, words, other);
    });
  };
  const onlyPost = unpaired(pm, cm, cw, c, gapP, gapC);
  const onlyClaim = unpaired(cm, pm, pw, p, gapC, gapP);
  let best: { cl: Mention; po: Mention; offset: number; rank: number } | undefined;
  for (const cl of onlyClaim) {
    for (const po of onlyPost) {
      if (!sameSlotKind(cl.kind, po.kind)) continue;
      // Countries and places are compared anywhere in the window; other names in short posts, or in the same slot.
      const sameSlot = gapC[cl.from] === gapP[po.from];
      // Names must stand in the same slot of a shared frame; countries may move ("Iranian troops" / "troops from
      // North Korea") but the frame must be shared all the more.
      // A country that qualifies a name is no slot, unless both qualify the same name ("Russian president Vladimir
      // Putin" / "Puerto Rican president Vladimir Putin").
      const qualifiers = modifier(cl, c) || modifier(po, p);
      if (!sameSlot || (qualifiers && !sameQualified(cl, c, po, p))) continue;
      // A substitution: the slot holds a few words on each side, not a stretch of other text.
      if (slotDistance(gapC, c, cl.from, cl.to) > SLOT_MAX_DISTANCE || slotDistance(gapP, p, po.from, po.to) > SLOT_MAX_DISTANCE) continue;
      const frame = frameShare(pw, c, cl);
      const where = (cl.kind === "country" || cl.kind === "place") && (po.kind === "country" || po.kind === "place");
      // A post that restates part of a longer claim holds little of the claim's frame, but its own words are the
      // claim's: the same template with another name ("Senator Warren was arrested for plotting a coup" / "Rep. Nancy
      // Pelosi was arrested by the Secret Service for plotting a coup to overthrow the president").
      if (frame < (where ? COUNTRY_FRAME_MIN_SHARE : FRAME_MIN_SHARE) && !restatesPart(cw, p, po)) continue;
      // Of several pairs, the one in the same slot and at the same distance before the slot's end (the words right
      // before "decided to send" in both) is the one that stands for each other.
      // A name the post gives nowhere stands for the post's before one it gives elsewhere ("중국이 … 러시아를" /
      // "북한이 러시아-우크라이나 전쟁에서 러시아를": China stands where North Korea does, not where Russia is said again).
      // In Korean the particle tells the part a name plays: "중국이" stands for "북한이", not for "러시아를". Then a
      // name the claim gives once before one it repeats (the claim's background: "Russian state media … North Korea
      // … to support Russia").
      const offset = Math.abs(slotEnd(gapC, cl.from) - cl.to - (slotEnd(gapP, po.from) - po.to));
      const rank =
        (!pm.some((o) => sameEntity(cl, o)) ? 4 : 0) +
        (particle(cl, c) === particle(po, p) ? 2 : 0) +
        (cm.filter((o) => sameEntity(cl, o)).length === 1 ? 1 : 0);
      if (!best || rank > best.rank || (rank === best.rank && offset < best.offset)) best = { cl, po, offset, rank };
    }
  }
  return best ? { kind: best.cl.kind === "name" ? best.po.kind : best.cl.kind, post: best.po.text, claim: best.cl.text } : null;
}

function objectDifference(p: View, c: View, pw: Set<string>, gapP: number[], gapC: number[], anchorsC: Set<number>): ClaimDifference | null {
  const idf = defaultIdf();
  const { inMention: inMentionP, matched: matchedP } = mentionTokens(p, c);
  const { inMention: inMentionC, matched: matchedC } = mentionTokens(c, p);
  const weight = (i: number, v: View) => idf.idf(v.a.tokens[i]!.lower);
  // A slot word is salient (rare enough) or part of a name.
  const salient = (i: number, v: View, inMention: Set<number>) =>
    !/\d/.test(v.a.tokens[i]!.lower) &&
    !CALENDAR_WORDS.has(v.a.tokens[i]!.lower) &&
    !HANGUL_PREDICATE.test(v.a.tokens[i]!.lower) &&
    (inMention.has(i) || weight(i, v) >= OBJECT_MIN_IDF);
  // A word the claim says more often than the post is there only where aligned ("Tidy Cats … in cats" / "Tidy
  // Cats … in dolphins": the second "cats" is the slot).
  const count = (v: View) => {
    const n = new Map<string, number>();
    for (let i = v.from; i < v.to; i++) if (v.a.stems[i]) n.set(v.a.stems[i]!, (n.get(v.a.stems[i]!) ?? 0) + 1);
    return n;
  };
  const inPost = count(p);
  const inClaim = count(c);
  const repeated = (i: number) => (inClaim.get(c.a.stems[i]!) ?? 0) > (inPost.get(c.a.stems[i]!) ?? 0);
  let total = 0;
  let anchored = 0;
  const slotC = new Map<number, number[]>();
  // All the claim's words missing from the post, per slot: a slot is its salient words, but its common words
  // ("health care" beside "himself … life") are the slot's too, not a gap in the frame.
  const missingC = new Map<number, number>();
  // Whether any of the claim's words before its first aligned one is in the post (`lead`, below).
  let leadThere = false;
  for (let i = c.from; i < c.to; i++) {
    if (!c.a.stems[i]) continue;
    const w = weight(i, c);
    total += w;
    const there = matchedC.has(i) || (!repeated(i) && (pw.has(c.a.stems[i]!) || pw.has(c.a.tokens[i]!.lower)));
    if (there && gapC[i] === 0) leadThere = true;
    if (anchorsC.has(i) || there) anchored += w;
    else {
      missingC.set(gapC[i]!, (missingC.get(gapC[i]!) ?? 0) + w);
      if (salient(i, c, inMentionC)) slotC.set(gapC[i]!, [...(slotC.get(gapC[i]!) ?? []), i]);
    }
  }
  if (total === 0) return null;
  const cw = wordSet(c);
  // Templates vary their object at the end ("… banning {confederate flags | assault weapons}"); a slot inside a
  // claim is far more often a rewording ("wants lighter" / "advocated shorter"), so it counts only when all the rest
  // of the claim is there (a one-word swap in an otherwise identical sentence: "dogs" / "pigs", "NASA" / "FBI").
  const lastGap = Math.max(-1, ...[...anchorsC].map((i) => gapC[i]! + 0.5));
  // The claim's leading context, when the post has none of it (no word before the claim's first aligned one is
  // there): "Orlando nightclub shooter Omar Mateen was a democrat" / "The one shooter, Omar Mateen, is dead". When both
  // sides then say something of the shared subject, each with a predicate of its own (`predicateAfter`), that context
  // said which subject, not what is said of it, and the final slot's frame leaves it out. (Without the predicate
  // test a tweet's own comment after the shared words read as another claim: 19 CheckThat! 2022-2a-en gold pairs.)
  const lead = leadThere ? 0 : (missingC.get(0) ?? 0);
  // The side goes on from the slot's last shared word with a predicate: the next word is a form of "be" or "have",
  // or a modal ("… Omar Mateen was a democrat", "… Omar Mateen, is dead").
  const predicateAfter = (v: View, gaps: number[], gap: number) => {
    for (let i = v.from; i < v.to - 1; i++) if (gaps[i] === gap - 0.5) return PREDICATE_OPENERS.has(v.a.tokens[i + 1]!.lower);
    return false;
  };
  for (const [gap, idx] of slotC) {
    const tail = gap === lastGap && gap >= OBJECT_MIN_ANCHORS;
    if (idx.length > OBJECT_SLOT_MAX_WORDS || anchorsC.size < OBJECT_MIN_ANCHORS) continue;
    const salientWeight = idx.reduce((s, i) => s + weight(i, c), 0);
    const whole = total - (tail && lead > 0 && predicateAfter(c, gapC, gap) && predicateAfter(p, gapP, gap) ? lead : 0);
    const frameWithout = (slot: number) => (whole - slot > 0 ? anchored / (whole - slot) : 0);
    // Anywhere, a swap in an otherwise identical claim; at the end, also a weightier object on a looser frame.
    const swap = frameWithout(salientWeight) >= SWAP_FRAME_MIN_SHARE;
    const slot = missingC.get(gap) ?? 0;
    // A short post restating the start of a longer claim holds little of the claim's frame; its slot counts when the
    // claim holds nearly all the rest of the post and the two slots are other things of one kind (`otherThingInPlace`).
    const restated = !swap && !(tail && frameWithout(slot) >= OBJECT_FRAME_MIN_SHARE && slot / whole >= OBJECT_SLOT_MIN_SHARE);
    if (restated && !restatesPart(cw, p, (i) => gapP[i] === gap)) continue;
    const postSide: number[] = [];
    for (let i = p.from; i < p.to; i++) {
      const s = p.a.stems[i];
      if (s && gapP[i] === gap && !matchedP.has(i) && !cw.has(s) && !cw.has(p.a.tokens[i]!.lower) && salient(i, p, inMentionP)) postSide.push(i);
    }
    if (postSide.length === 0 || postSide.length > OBJECT_SLOT_MAX_WORDS) continue;
    // Inside the claim a swap is a word or two each side (a name counts as one); more is a rewording.
    // (A hyphenated compound counts as one word too: "semi-automatic rifles" / "handguns".)
    const unitOf = (v: View, i: number): Mention | number => {
      const m = mentionOver(v, [i]);
      if (m) return m;
      let k = i;
      while (k > v.from && v.a.tokens[k]!.hyphenated) k--;
      return k;
    };
    const units = (v: View, list: number[]) => new Set(list.map((i) => unitOf(v, i))).size;
    if (!tail && (units(p, postSide) > SWAP_MAX_WORDS || units(c, idx) > SWAP_MAX_WORDS)) continue;
    // "using" / "used", "regulate" / "regulation": one word, another form.
    const sameStem = (x: string, y: string) => commonPrefix(x, y) >= (/^\p{Script=Hangul}/u.test(x) ? HANGUL_STEM_CHARS : INFLECTION_PREFIX);
    // "purchased" / "bought", "kids" / "children": one word, another word for it (WordNet).
    const same = (i: number, j: number) => sameStem(p.a.tokens[i]!.lower, c.a.tokens[j]!.lower) || synonymous(p.a.stems[i]!, c.a.stems[j]!);
    if (postSide.some((i) => idx.some((j) => same(i, j)))) continue;
    if (slotWords(gapC, c, idx[0]!) > SLOT_MAX_WORDS || slotWords(gapP, p, postSide[0]!) > SLOT_MAX_WORDS) continue;
    const text = (v: View, list: number[]) => v.a.tokens.slice(list[0]!, list.at(-1)! + 1).map((t) => t.raw).join(" ");
    const squeeze = (v: View, list: number[]) => list.map((i) => v.a.tokens[i]!.lower).join("");
    if (squeeze(p, postSide) === squeeze(c, idx)) continue; // "south eastern" / "southeastern"
    if (restated && !otherThingInPlace(p, postSide, c, idx)) continue;
    const mention = mentionOver(c, idx);
    return { kind: mention?.kind ?? "object", post: text(p, postSide), claim: text(c, idx) };
  }
  return null;
}

/**
 * Whether a short post's slot (`postSide`) names another thing of the kind the claim's slot (`claimSide`) names, in
 * the same place: "A video shows Koko the cow spontaneously using sign" / "A video shows koko the gorilla spontaneously
 * using sign language to issue a warning about climate change". Told by WordNet (`otherOfKind`: two animals, two
 * vehicles, two drugs, not "car" / "vehicle"), with the same content words right before and after the slot on both
 * sides (where the post has any); two names must be of one kind ("United States" / "Supreme Court" is no swap).
 * Rewordings of a restated claim are mostly other parts of speech or other kinds of thing ("hidden" / "embossed",
 * "takeover" / "occupation", "document" / "search engine"), which this leaves alone.
 */
function otherThingInPlace(p: View, postSide: number[], c: View, claimSide: number[]): boolean {
  const [mp, mc] = [mentionOver(p, postSide), mentionOver(c, claimSide)];
  if (mp && mc && !sameSlotKind(mp.kind, mc.kind)) return false;
  const near = (v: View, side: number[], step: 1 | -1) => {
    for (let i = step < 0 ? side[0]! - 1 : side.at(-1)! + 1; i >= v.from && i < v.to; i += step) if (v.a.stems[i]) return v.a.stems[i]!;
    return "";
  };
  for (const step of [-1, 1] as const) {
    const word = near(p, postSide, step);
    if (word !== "" && word !== near(c, claimSide, step)) return false;
  }
  const noun = (v: View, side: number[]) => v.a.stems.slice(side[0]!, side.at(-1)! + 1).filter(Boolean).join(" ");
  return otherOfKind(noun(p, postSide), noun(c, claimSide));
}

/** Family words, each to one form: whose son or daughter a claim is about is a slot like a name ("Pelosi's son" / "Pelosi's daughters"). */
const KIN: ReadonlyMap<string, string> = new Map(
  Object.entries({
    son: "son", sons: "son", stepson: "son", daughter: "daughter", daughters: "daughter", stepdaughter: "daughter",
    wife: "wife", husband: "husband", mother: "mother", mom: "mother", mum: "mother", father: "father", dad: "father",
    brother: "brother", brothers: "brother", sister: "sister", sisters: "sister", grandson: "grandson",
    granddaughter: "granddaughter", grandmother: "grandmother", grandfather: "grandfather", niece: "niece",
    nephew: "nephew", uncle: "uncle", aunt: "aunt", girlfriend: "girlfriend", boyfriend: "boyfriend",
  }),
);

/** Words for relatives that say nothing of which one. */
const KIN_ANY: ReadonlySet<string> = new Set(["children", "child", "kids", "kid", "parents", "parent", "family", "relatives", "relative"]);

/**
 * The post names one relative where the claim names another, in the same slot ("Nancy Pelosi's son was arrested for
 * murder" / "… Nancy Pelosi's daughters were arrested for trafficking drugs"). A relative is told by a family word;
 * "children", "kids" and "parents" say nothing of which one, so they never differ.
 */
function kinDifference(p: View, c: View, pw: Set<string>, gapP: number[], gapC: number[]): ClaimDifference | null {
  const kin = (v: View) => {
    const out: { i: number; kin: string }[] = [];
    for (let i = v.from; i < v.to; i++) {
      const k = KIN.get(v.a.tokens[i]!.lower);
      if (k) out.push({ i, kin: k });
    }
    return out;
  };
  const pk = kin(p);
  const ck = kin(c);
  if (pk.length === 0 || ck.length === 0) return null;
  if (pk.some((x) => ck.some((y) => x.kin === y.kin))) return null;
  if (frameShare(pw, c) < COUNTRY_FRAME_MIN_SHARE) return null;
  // Whose relative, when a name stands right before the family word (possessives are dropped: "pelosi son").
  const owned = (v: View, i: number) => {
    const owner = v.a.mentions.find((m) => m.to === i);
    return owner ? `${owner.text}'s ${v.a.tokens[i]!.raw}` : v.a.tokens[i]!.raw;
  };
  for (const x of pk) {
    const y = ck.find((y) => gapC[y.i] === gapP[x.i]);
    if (y) return { kind: "person", post: owned(p, x.i), claim: owned(c, y.i) };
  }
  return null;
}

/** Words right before a person that must be the same on both sides for `subjectSwap` ("photograph shows"). */
const SUBJECT_CONTEXT_WORDS = 2;

/**
 * The same opening words, then another person, whom the post names nowhere: "A photograph shows Bernie Sanders at a
 * march with Martin Luther King Jr." / "A photograph shows Martin Luther King Jr. flipping the bird". Alignment
 * anchors the post's person on the claim's second one, so no slot holds the swap (`mentionDifference` pairs them).
 * The opening words must hold a content word: "the president of the …" alone says nothing.
 */
function subjectSwap(p: View, c: View, pw: Set<string>): ClaimDifference | null {
  const firstPerson = (v: View) => mentionsIn(v).find((m) => m.kind === "person");
  const cp = firstPerson(c);
  const pp = firstPerson(p);
  if (!cp || !pp || sameEntity(cp, pp)) return null;
  if (cp.from - c.from < SUBJECT_CONTEXT_WORDS || pp.from - p.from < SUBJECT_CONTEXT_WORDS) return null;
  let content = false;
  for (let k = 1; k <= SUBJECT_CONTEXT_WORDS; k++) {
    if (c.a.tokens[cp.from - k]!.lower !== p.a.tokens[pp.from - k]!.lower) return null;
    if (c.a.stems[cp.from - k]) content = true;
  }
  if (!content) return null;
  if (mentionsIn(p).some((o) => sameEntity(cp, o)) || pw.has(cp.words.at(-1)!)) return null;
  return { kind: "person", post: pp.text, claim: cp.text };
}

function compare(post: Analysed, claim: Analysed): ClaimDifference[] {
  const p = bestWindow(post, claim);
  const c: View = { a: claim, from: 0, to: claim.tokens.length };
  const pw = wordSet(p);
  const cw = wordSet(c);
  const { gapP, gapC, anchorsC } = align(p, c);
  const out: ClaimDifference[] = [];
  const mention = mentionDifference(p, c, pw, cw, gapP, gapC) ?? kinDifference(p, c, pw, gapP, gapC) ?? subjectSwap(p, c, pw);
  if (mention) out.push(mention);
  const pn = numbersOf(p);
  const cn = numbersOf(c);
  const numbersFrame = frameShare(pw, c) >= NUMBER_FRAME_MIN_SHARE || restatesPart(cw, p, isNumberAt(p));
  if (numbersFrame && pn.numbers.size > 0 && cn.numbers.size > 0 && ![...pn.numbers].some((n) => cn.numbers.has(n))) {
    out.push({ kind: "quantity", post: [...pn.numbers].join(", "), claim: [...cn.numbers].join(", ") });
  }
  if (numbersFrame && contentCount(p) <= POLARITY_MAX_WORDS && pn.years.size > 0 && cn.years.size > 0 && ![...pn.years].some((y) => cn.years.has(y))) {
    out.push({ kind: "date", post: [...pn.years].join(", "), claim: [...cn.years].join(", ") });
  }
  if (numbersFrame && out.every((d) => d.kind !== "quantity" && d.kind !== "date")) {
    const swapped = numberSlotDifference(p, c, gapP, gapC);
    if (swapped) out.push(swapped);
  }
  const polarity = polarityDifference(p, c, pw, cw);
  if (polarity) out.push(polarity);
  if (!mention) {
    const object = objectDifference(p, c, pw, gapP, gapC, anchorsC);
    if (object) out.push(object);
  }
  if (out.length === 0) {
    const swapped = verbatimSwap(p, c, pw);
    if (swapped) out.push(swapped);
  }
  return out;
}

/** A verbatim copy must hold at least this many of the claim's words around its one swapped slot (`verbatimSwap`). */
const VERBATIM_MIN_WORDS = 5;
/** ... of which at least this many content words. */
const VERBATIM_MIN_CONTENT = 3;
/** A swapped slot of a verbatim copy is at most this many words on each side. */
const VERBATIM_SLOT_MAX = 3;
/**
 * Words that say who reports a claim, not what it is ("Says that President Obama said …", PolitiFact's openings): no
 * slot of a copy.
 */
const REPORTING_WORDS: ReadonlySet<string> = new Set(["says", "said", "say", "saying", "claims", "claimed", "claim", "reports", "reported", "report"]);
/** A copy whose slot is the claim's first words may open with this many words of its own ("Read this:"). */
const VERBATIM_OPENING_MAX = 3;

/**
 * Two spellings of one word: one a prefix of the other ("gov" / "governor"), or one edit apart ("goverment"); of one
 * number, the same digits ("20th" / "20").
 */
function sameSpelling(a: string, b: string): boolean {
  if (a === b) return true;
  const digits = (x: string) => x.replace(/\D/g, "");
  if (digits(a) !== "" && digits(a) === digits(b)) return true;
  const shorter = Math.min(a.length, b.length);
  const i = commonPrefix(a, b);
  if (shorter >= 3 && i === shorter) return true;
  if (Math.abs(a.length - b.length) > 1 || shorter < 4) return false;
  const rest = (x: string, k: number) => x.slice(k);
  return (
    rest(a, i + 1) === rest(b, i + 1) || rest(a, i) === rest(b, i + 1) || rest(a, i + 1) === rest(b, i) ||
    (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a, i + 2) === rest(b, i + 2))
  );
}

/**
 * Whether the other side of a copy names `m` (a mention of `from` over its slot `slot`; indices relative to the
 * views) where `m` stands, the words mapped through the copy by `map`: its names over the slot, or for a person over
 * any of the name's words ("Donald Trump" / "President Trump"). A place's word kept is no name kept ("Miami Subway" /
 * "miami home depot"), nor is a surname when the other side's slot holds a person of its own ("Nick Fish Stevens" /
 * "John Paul Stevens").
 */
function namedAcross(m: Mention | undefined, from: View, other: View, map: (k: number) => number, slot: number[], otherOwn: number[]): boolean {
  if (!m) return false;
  const otherPerson = mentionOver(other, otherOwn.map((k) => other.from + k))?.kind === "person";
  const [slotLo, slotHi] = [map(Math.max(m.from - from.from, slot[0]!)), map(Math.min(m.to - 1 - from.from, slot.at(-1)!))];
  const wide = m.kind === "person" && !otherPerson;
  const [lo, hi] = wide ? [map(m.from - from.from), map(m.to - 1 - from.from)] : [slotLo, slotHi];
  const over = (o: Mention, a: number, b: number) => o.from <= b + other.from && o.to > a + other.from;
  // Outside the slot, only the person's surname names them ("Trump"); another name the person's words run into
  // ("African" of "National Museum of African Tom Wolf" / "… of African American History") does not.
  return other.a.mentions.some(
    (o) => over(o, lo, hi) && sameEntity(o, m) && (!wide || over(o, slotLo, slotHi) || o.words.at(-1) === m.words.at(-1)),
  );
}

/**
 * The post is the claim's own words, word for word and cut short or not, but for one slot of a word or a few: the
 * template kept and its slot changed ("The Miami Dolphins are the only FIFA team in the" / "The Miami Dolphins are the
 * only NFL team in the entire nation that pays property taxes"; "… agree with a ban on pistols" / "… a ban on assault
 * weapons"), the slot inside the claim or at its start. Each slot must hold a content word the other's does not say,
 * not another spelling of it, a WordNet synonym, the claim's thing said more generally, a title, or the same name
 * written otherwise ("Photo: Trump said" / "Donald Trump said"). The same strictness as the `object` rule's swap in a
 * full copy, for copies cut short and for brands and things WordNet does not relate ("FIFA" / "NFL").
 */
function verbatimSwap(p: View, c: View, pw: Set<string>): ClaimDifference | null {
  const P = p.a.tokens.slice(p.from, p.to).map((t) => t.lower);
  const C = c.a.tokens.slice(c.from, c.to).map((t) => t.lower);
  if (P.length < VERBATIM_MIN_WORDS + 1) return null;
  const stemP = (k: number) => p.a.stems[p.from + k] ?? "";
  const stemC = (k: number) => c.a.stems[c.from + k] ?? "";
  const matchesFrom = (pk: number, ck: number) => {
    let n = 0;
    while (pk + n < P.length && ck + n < C.length && P[pk + n] === C[ck + n]) n++;
    return n;
  };
  const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);
  /**
   * One reading of the copy: the post's words [0, a) are the claim's from `o` (none when `opening` is the post's own:
   * a slot at the claim's start), its slot [a, a + sp) stands for the claim's [o + a, o + a + sc), and the rest of
   * the post is the claim's from `restC` on. "skip": no slot to judge here; null: the same claim.
   */
  const judge = (o: number, a: number, sp: number, sc: number, opening: boolean): ClaimDifference | null | "skip" => {
    const restP = a + sp;
    const restC = o + a + sc;
    const kept = [...(opening ? [] : range(0, a)), ...range(restP, P.length - restP)];
    // A slot at the claim's start has no words of the claim before it: the rest must carry more.
    const more = opening ? 1 : 0;
    if (kept.length < VERBATIM_MIN_WORDS + more || kept.filter((k) => stemP(k)).length < VERBATIM_MIN_CONTENT + more) return "skip";
    // Words of the claim before the slot, not just "the": else the post's opening is its own.
    if (!opening && !range(0, a).some((k) => stemP(k))) return "skip";
    const slotP = range(a, sp);
    // A post ending in its slot, before a claim ending a few words later: the claim's slot is all of them ("at a
    // Miami Subway." / "at a miami home depot.").
    const slotC = range(o + a, restP === P.length && C.length - (o + a) <= VERBATIM_SLOT_MAX ? C.length - (o + a) : sc);
    // A word in both slots means two changes around it, not one swap ("armed takeover of former Columbia" / "armed
    // the occupation of Columbia").
    const inSlotC = new Set(slotC.map((k) => C[k]!));
    if (slotP.some((k) => inSlotC.has(P[k]!))) return "skip";
    // Month names say when ("in January of 2016" / "come 2016"). The post's slot word may stand elsewhere in the
    // claim ("Spanish people are the" / "portuguese people are the same as spanish"): in a copy, the slot is what the
    // claim says there.
    const own = (w: string, s: string, other: Set<string>) =>
      s !== "" && !other.has(s) && !other.has(w) && !CALENDAR_WORDS.has(w) && !REPORTING_WORDS.has(w);
    const ownP = slotP.filter((k) => own(P[k]!, stemP(k), new Set(slotC.flatMap((j) => [C[j]!, stemC(j)]))));
    const ownC = slotC.filter((k) => own(C[k]!, stemC(k), pw));
    if (ownP.length === 0 || ownC.length === 0) return "skip";
    // Family words are `kinDifference`'s; a title is no slot ("Senator" / "Rep.").
    if ([...ownP.map((k) => P[k]!), ...ownC.map((k) => C[k]!)].some((w) => KIN.has(w) || KIN_ANY.has(w))) return null;
    if (slotP.every((k) => PERSON_TITLES.has(P[k]!)) || slotC.every((k) => PERSON_TITLES.has(C[k]!))) return null;
    // One word, another spelling or a synonym of it; the slot, the same thing said more generally ("primate" /
    // "gorilla"; "pistols" is no "assault weapons"). Said more specifically, it is a narrower claim the fact-check
    // did not check ("leukemia" / "cancer", "tractor" / "truck").
    if (ownP.some((i) => ownC.some((j) => sameSpelling(P[i]!, C[j]!) || synonymous(stemP(i), stemC(j))))) return null;
    if (kindOf(ownC.map(stemC).join(" "), ownP.map(stemP).join(" "))) return null;
    // The same name written otherwise where the slot's name stands ("Donald Trump" / "President Trump").
    const toClaim = (k: number) => (k < a ? o + k : k < restP ? o + a + Math.min(k - a, sc - 1) : restC + k - restP);
    const toPost = (j: number) => (j < o + a ? j - o : j < restC ? a + Math.min(j - o - a, sp - 1) : restP + j - restC);
    const mp = mentionOver(p, ownP.map((k) => p.from + k));
    const mc = mentionOver(c, ownC.map((k) => c.from + k));
    if (namedAcross(mp, p, c, toClaim, slotP, ownC) || namedAcross(mc, c, p, toPost, slotC, ownP)) return null;
    const text = (v: View, list: number[]) => list.map((k) => v.a.tokens[v.from + k]!.raw).join(" ");
    return { kind: mc?.kind ?? mp?.kind ?? "object", post: text(p, slotP), claim: text(c, slotC) };
  };
  // The post's first words are the claim's from `o` on, up to the slot at post word `a`; the rest of the post (all of
  // it: a copy may stop before the claim does) follows the claim's slot.
  for (let o = 0; o < C.length; o++) {
    const a = matchesFrom(0, o);
    if (a === 0 || a === P.length) continue;
    for (let sp = 1; sp <= VERBATIM_SLOT_MAX && a + sp <= P.length; sp++) {
      for (let sc = 1; sc <= VERBATIM_SLOT_MAX && o + a + sc <= C.length; sc++) {
        if (a + sp < P.length && matchesFrom(a + sp, o + a + sc) !== P.length - a - sp) continue;
        const found = judge(o, a, sp, sc, false);
        if (found !== "skip") return found;
      }
    }
  }
  // Or the slot is the claim's first words, after a few words of the post's own ("Read this: SEIU leader Marquesha
  // Johnson was sued …" / "Black lives matter leader marquesha johnson was sued …").
  for (let sc = 1; sc <= VERBATIM_SLOT_MAX && sc < C.length; sc++) {
    for (let r = 1; r <= VERBATIM_SLOT_MAX + VERBATIM_OPENING_MAX && r < P.length; r++) {
      if (matchesFrom(r, sc) !== P.length - r) continue;
      for (let sp = 1; sp <= Math.min(VERBATIM_SLOT_MAX, r); sp++) {
        // The post's own opening ends in punctuation ("Read this:"), or it has none.
        if (r - sp > VERBATIM_OPENING_MAX || (r - sp > 0 && !p.a.tokens[p.from + r - sp]!.punctBefore)) continue;
        const found = judge(-(r - sp), r - sp, sp, sc, true);
        if (found !== "skip") return found;
      }
    }
  }
  return null;
}

function sharedCount(post: Analysed, claim: Analysed): number {
  const ps = new Set(post.stems.filter(Boolean));
  let n = 0;
  for (const s of new Set(claim.stems.filter(Boolean))) if (ps.has(s)) n++;
  return n;
}

/** At most this many wordings of a claim are compared (the claim and its first other wordings). */
const MAX_WORDINGS = 6;

/** What a claim may carry besides its claim: other wordings, a title, a summary. */
type ClaimRecord = Pick<FactCheck, "claim"> & Partial<Pick<FactCheck, "title" | "summary">> & { altClaims?: readonly string[] };

/** The two questions asked of every candidate that can decide, with the post analysed once for both. */
export interface IdentityChecker {
  /** What differs between the post and the claim (empty: the same claim as far as its slots show). */
  differences(factCheck: ClaimRecord): ClaimDifference[];
  /** Places and amounts of the post the fact-check nowhere mentions: a group match needs none. */
  extraSpecifics(factCheck: ClaimRecord): string[];
}

/**
 * Analyses of fact-check texts, kept between lookups (issue 15: the same candidates come back; `analyse` is pure and
 * its result is only read), least recently used dropped past `RECORD_ANALYSIS_CACHE_CHARS` characters of text.
 */
export const RECORD_ANALYSIS_CACHE_CHARS = 100_000;
const recordAnalyses = new Map<string, Analysed>();
let recordAnalysesChars = 0;

/** `analyse(text)`, cached (see `RECORD_ANALYSIS_CACHE_CHARS`). */
export function analyseRecordText(text: string): Analysed {
  const hit = recordAnalyses.get(text);
  if (hit) {
    recordAnalyses.delete(text);
    recordAnalyses.set(text, hit);
    return hit;
  }
  const a = analyse(text);
  recordAnalyses.set(text, a);
  recordAnalysesChars += text.length;
  while (recordAnalysesChars > RECORD_ANALYSIS_CACHE_CHARS && recordAnalyses.size > 1) {
    const oldest = recordAnalyses.keys().next().value!;
    recordAnalyses.delete(oldest);
    recordAnalysesChars -= oldest.length;
  }
  return a;
}

/** Entries and characters of text of the record-analysis cache (tests). */
export function recordAnalysisCacheStats(): { entries: number; chars: number } {
  return { entries: recordAnalyses.size, chars: recordAnalysesChars };
}

/**
 * One post against many candidates. The post is analysed once, at the first question, and each claim text once
 * (`differences` and `extraSpecifics` read the same claim). For `differences`, the wording of the claim closest to the post (most of
 * its weight found in the post) stands for the claim, as in the features: a Korean post is compared with the Korean
 * wording; a wording in another language that shares fewer than `MIN_SHARED` words with the post says nothing.
 */
export function identityChecker(postText: string): IdentityChecker {
  // Analysed on the first question only: most lookups (group chatter, posts no candidate is sure for) ask none.
  // Its content words too: the short-post rules (`otherCountry`, `otherPerson`) ask of every candidate.
  let postAnalysis: { post: Analysed; postWords: Set<string>; content: string[] } | undefined;
  const analysePost = () => {
    if (!postAnalysis) {
      const post = analyse(postText);
      postAnalysis = { post, postWords: wordSet({ a: post, from: 0, to: post.tokens.length }), content: post.stems.filter(Boolean) };
    }
    return postAnalysis;
  };
  const analyseOnce = analyseRecordText;
  return {
    differences(factCheck) {
      const { post, postWords, content } = analysePost();
      if (post.tokens.length === 0) return [];
      let closest: Analysed | undefined;
      let closestShare = -1;
      for (const text of [factCheck.claim, ...(factCheck.altClaims ?? [])].slice(0, MAX_WORDINGS)) {
        const wording = analyseOnce(text);
        if (sharedCount(post, wording) < MIN_SHARED) continue;
        const share = frameShare(postWords, { a: wording, from: 0, to: wording.tokens.length });
        if (share > closestShare) [closest, closestShare] = [wording, share];
      }
      const found = closest ? compare(post, closest) : [];
      if (found.length > 0) return found;
      if (content.length > SHORT_POST_MAX_WORDS) return [];
      const country = otherCountry(post, content, closest ?? analyseOnce(factCheck.claim), factCheck);
      return country.length > 0 ? country : otherPerson(post, postWords, factCheck);
    },
    extraSpecifics(factCheck) {
      const { post } = analysePost();
      if (post.tokens.length === 0) return [];
      const claim = analyseOnce(factCheck.claim);
      const window = bestWindow(post, claim);
      if (frameShare(wordSet(window), { a: claim, from: 0, to: claim.tokens.length }) < SPECIFICS_FRAME_MIN_SHARE) return [];
      const { record, words } = recordWords(factCheck);
      const extra: string[] = [];
      for (const m of mentionsIn(window)) {
        if ((m.kind === "country" || m.kind === "place") && !names(record, m)) extra.push(m.text);
      }
      for (let i = window.from; i < window.to; i++) {
        const t = post.tokens[i]!.lower;
        const lone = t.length === 1 && !MAGNITUDES.has(post.tokens[i + 1]?.lower ?? "");
        // An age ("32-year-old actress", "died at the age of 55") describes someone the claim names; it is no amount
        // the claim left out (a changed age, when the claim gives one, is a quantity difference).
        const age =
          (/^years?$/.test(post.tokens[i + 1]?.lower ?? "") && post.tokens[i + 2]?.lower === "old") ||
          (post.tokens[i - 1]?.lower === "aged") ||
          (post.tokens[i - 1]?.lower === "of" && post.tokens[i - 2]?.lower === "age");
        // Amounts only ("50", "80m"): "2h", "9mm" or "25th" are times, calibres and dates, compared elsewhere.
        if (/^\d+(?:\.\d+)?(?:k|m|bn|b)?$/.test(t) && !YEAR.test(t) && !lone && !age && !words.has(t)) extra.push(post.tokens[i]!.raw);
      }
      return extra;
    },
  };
}

/** `identityChecker(post).differences` for one claim. Pure. */
export function claimDifferences(post: string, factCheck: ClaimRecord): ClaimDifference[] {
  return identityChecker(post).differences(factCheck);
}

/** A post of at most this many content words is its claim (`otherCountry`, `otherPerson`). */
export const SHORT_POST_MAX_WORDS = 12;

/** A fact-check's claim, other wordings, title and summary, analysed as one text (cached). */
const analyseRecord = (factCheck: ClaimRecord) =>
  analyseRecordText([factCheck.claim, ...(factCheck.altClaims ?? []), factCheck.title ?? "", factCheck.summary ?? ""].join("\n"));
const names = (text: Analysed, m: Mention) => text.mentions.some((o) => sameEntity(m, o));
/** `analyseRecord` and the set of its words. */
const recordWords = (factCheck: ClaimRecord) => {
  const record = analyseRecord(factCheck);
  return { record, words: wordSet({ a: record, from: 0, to: record.tokens.length }) };
};

/**
 * A short Korean post is its claim: a country it names that the fact-check names nowhere, where the claim names
 * another country the post does not, is another claim's, even in words the frame tests cannot see ("이란이
 * 우크라이나에 군대를 보내기로 했다" / "러시아 국영 언론은 북한이 … 우크라이나에 군대를 파병하기로 결정했다고
 * 보도했다": Korean has many words for one act, and no synonym table here knows them). The claim's country it names
 * once comes first (a repeated one is the claim's background: "Russian state media … North Korea … to support
 * Russia"). Not for English posts, whose frames the tests read, and whose demonyms mislead ("Indian Chief" / "native
 * american elder": measured, one paraphrase lost).
 * `differences` asks it of short posts only (`content`: their content words, at most `SHORT_POST_MAX_WORDS`).
 */
function otherCountry(post: Analysed, content: readonly string[], wording: Analysed, factCheck: ClaimRecord): ClaimDifference[] {
  if (content.filter((s) => HANGUL_WORD.test(s)).length * 2 <= content.length) return [];
  const postCountries = post.mentions.filter((m) => m.kind === "country");
  if (postCountries.length === 0) return [];
  const record = analyseRecord(factCheck);
  const own = postCountries.find((m) => !names(record, m));
  if (!own) return [];
  const theirs = wording.mentions.filter((m) => m.kind === "country" && !names(post, m));
  const once = theirs.find((m) => wording.mentions.filter((o) => sameEntity(m, o)).length === 1) ?? theirs[0];
  return once ? [{ kind: "country", post: own.text, claim: once.text }] : [];
}

/**
 * A short post is its claim (as for `otherCountry`): when it names a person the claim names and, beside them, a
 * person the fact-check names nowhere, while the claim names a person the post does not, it says something else about
 * whom ("Nancy Pelosi has endorsed Bernie Sanders for president" / "nancy pelosi tweeted that she was disgusted with
 * president trump"): a `person` difference, the post's other person against the claim's. A person counts as named
 * when any of their words is a word of the other text ("Bill" of "Bill Clinton" in a tweet that calls him "Bill").
 * `differences` asks it of short posts only.
 */
function otherPerson(post: Analysed, postWords: Set<string>, factCheck: ClaimRecord): ClaimDifference[] {
  /** A person none of whose words is in `words`. */
  const personNotIn = (words: Set<string>) => (m: Mention) => m.kind === "person" && !m.words.some((w) => words.has(w));
  const claim = analyseRecordText(factCheck.claim);
  if (!post.mentions.some((m) => m.kind === "person" && names(claim, m))) return [];
  const theirs = claim.mentions.find(personNotIn(postWords));
  if (!theirs) return [];
  const own = mentionsIn(bestWindow(post, claim)).find(personNotIn(recordWords(factCheck).words));
  return own ? [{ kind: "person", post: own.text, claim: theirs.text }] : [];
}

/** A post names extra places or numbers only when it shares at least this much of the claim (else it is no restatement). */
export const SPECIFICS_FRAME_MIN_SHARE = 0.6;

/**
 * What the post specifies that the fact-check nowhere mentions: countries, places and numbers of the post's window
 * found in neither the claim nor its title or summary ("… a wall on the Yemeni border" against "Hillary Clinton
 * wanted the wall"). Such a post may be another, more specific claim: in a group, where the bot speaks unasked, that
 * is not sure enough for a verdict (decide.ts). Names are left out (tweets name other people all the time; a short
 * post that is its claim and names another person beside the claim's differs from it: `otherPerson`).
 */
export function extraSpecificsChecker(postText: string): (factCheck: ClaimRecord) => string[] {
  const checker = identityChecker(postText);
  return (factCheck) => checker.extraSpecifics(factCheck);
}
