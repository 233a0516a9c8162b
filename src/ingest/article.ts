import { detectLanguage } from "../core/language.ts";
import { toIsoDate } from "./dates.ts";
import { publisherFromByline, publisherFromSite } from "./publishers.ts";
import { finishRecord, type Draft } from "./record.ts";
import type { IngestProblem, ParseContext, ParseResult } from "./types.ts";
import { httpUrl, siteOf } from "./util.ts";

/**
 * A line that starts the page furniture after an article (comment policy, recommendation widgets, newsletter
 * boxes): it and everything after it are cut.
 */
const END_OF_ARTICLE_MARKERS: readonly RegExp[] = [
  /^Recommended (Stories|for you|Articles|Videos)\b/i,
  /^Related (Stories|Articles|Content|Coverage|News)\b/i,
  /^(More|Top) (Stories|from|News)\b/i,
  /^(You|You Might|You May) (also )?like\b/i,
  /^(Trending|Most (Read|Popular)|Popular (Stories|Now))\b/i,
  /^Our goal is to create a safe and engaging place\b/i,
  /^(Comments?|Join the conversation|Sign up for|Subscribe to our)\b/i,
  /^(Read|See) (more|also)\s*:?\s*$/i,
  /^(관련\s?기사|추천\s?기사|많이 본 뉴스|댓글|相關新聞|延伸閱讀|推薦閱讀)/u,
];
/** Lines dropped wherever they are: reading-time stamps, ad slots, share buttons. */
const NOISE_LINE = /^(?:[·•|\-\s]*\d+\s*min(?:ute)?s? read|Advertisement|Share(?: this)?(?: article)?|Copy link)$/i;
/** Short lines that name the author and organisation: "Richard Kang, AFP South Korea", "By Jane Doe | Reuters". */
const BYLINE = /^(?:By\s+)?\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}\s*(?:,|\||—|-|and)\s*\S.{0,80}$/u;
const BYLINE_MAX_CHARS = 120;
const LEAD_MAX_CHARS = 1200;

const RATING_WORDS =
  "(?:(?:mostly|partly|partially|largely|entirely|completely|totally|also|therefore|thus|in fact)\\s+)*" +
  "(?:false|misleading|true|fake|fabricated|inaccurate|incorrect|baseless|unfounded|unsupported|unproven|" +
  "unverified|satire|satirical|altered|doctored|manipulated|out of context|missing context|lacks context|" +
  "exaggerated|correct|accurate|a hoax|a scam|a joke)";
const SUBJECT = "(?:claims?|posts?|videos?|images?|photos?|pictures?|statements?|allegations?|stor(?:y|ies)|rumou?rs?|quotes?|tweets?|messages?)";
/** "Verdict: Misleading", "Rating: False", "Our ruling: Pants on Fire". */
const LABELLED_RATING = /^(?:verdict|rating|our rating|our ruling|ruling|conclusion|claim rating|veredicto|판정)\s*[:：]\s*(.{1,60})$/im;
/** "However, the claim is misleading.", "These posts are false", "AFP found the claim to be false". */
const RATING_SENTENCE = new RegExp(
  `\\b(?:the|this|these|that|those|such)\\s+${SUBJECT}\\s+(?:is|are|was|were)\\s+(${RATING_WORDS})\\b` +
    `|\\b(?:rated|rates|found|finds|determined|concluded)\\s+(?:that\\s+)?(?:the|this|these|that)\\s+${SUBJECT}\\s+` +
    `(?:to be|as|is|are|was|were)\\s+(${RATING_WORDS})\\b`,
  "i",
);
/** "We rate this claim Mostly False.", "PolitiFact rated it Pants on Fire!", "Reuters rates the post as Missing context". */
const WE_RATE =
  /\b(?:we|[A-Z][\w.]+(?: Fact Check)?)\s+(?:rate|rates|rated|classify|classifies|classified)\s+(?:(?:this|that|the|it|these|his|her|their)\s+)?(?:(?:claim|statement|post|video|image|photo)s?\s+)?(?:as\s+)?["“]?(Pants on Fire|[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|context|true|false)){0,3})["”]?(?=[.!,;]|\s|$)/u;
/** A paragraph quoting the post: `"…," reads a Korean-language post shared on April 15`. */
const QUOTED_POST =
  /^["“„«'‘](.{12,1500}?)[,.]?["”»'’]\s*,?\s*(?:reads?|read in part|says?|said|states?|claims?|claimed|writes?|wrote)\s+(?:a|an|the|one|part of (?:a|the))\b[^.]{0,120}?\b(?:post|caption|tweet|message|status|comment|text|video|article|page|meme|image|photo)s?\b/iu;
/** `The post reads: "…"`. */
const POST_READS = /\b(?:post|caption|tweet|message|video|meme|image)s?\s+(?:reads?|says?|states?)(?:\s+in part)?\s*:\s*["“„«](.{12,1500}?)["”»]/iu;
/** Korean: `"…"이라는 게시물이 공유됐다` ("a post saying '…' was shared"). */
const KO_QUOTED_POST =
  /["“'‘](.{8,1500}?)["”'’]\s*(?:이?라는|라고|는|란)\s*(?:내용의\s*|내용이\s*담긴\s*)?(?:게시물|게시글|글|영상|메시지|주장|사진|이미지)/u;
/** "Social media posts claim (that) X, citing …." */
const CLAIM_SENTENCE =
  /\b(?:posts?|videos?|tweets?|messages?|articles?|users?|images?|photos?|memes?|claims?)\b[^.]{0,60}?\b(?:claim|claims|claimed|claiming|allege|alleges|alleging|say|says|saying|suggest|suggests|purport|purports)\s+(?:that\s+)?([^.]{12,600}?)(?:,\s*(?:citing|according to|based on)\b[^.]*)?\.(?:\s|$)/iu;

/** Bracketed tags in front of a forwarded post: "[Breaking]", "【속보】", "(URGENT)". */
const LEADING_TAGS = /^(?:\s*[[【(（][^\]】)）]{1,20}[\]】)）]\s*)+/u;

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** What the extractor found, and which fields it could not find with confidence. */
export interface ArticleExtraction {
  draft: Draft;
  unsure: Array<{ field: keyof Draft; flag: string; why: string }>;
  /** The article body without page furniture (for tests and debugging). */
  body: string;
}

/** Cuts the page furniture after the article and drops noise lines; returns the article's lines. */
export function articleLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n").map((l) => l.replace(/\s+/g, " ").trim());
  const end = lines.findIndex((l) => END_OF_ARTICLE_MARKERS.some((m) => m.test(l)));
  return (end >= 0 ? lines.slice(0, end) : lines).filter((l) => l !== "" && !NOISE_LINE.test(l));
}

/**
 * Extracts one fact-check from the plain text of a fact-check article, generically: the first line is the title
 * (an optional leading `date YYYY-MM-DD` is the date), a short byline under it names the organisation, the quoted
 * post text (else the "posts claim that …" sentence) is the claim, a "Verdict: X" line or a "the claim is X"
 * sentence is the rating. Pure.
 */
export function extractArticle(text: string, ctx: ParseContext): ArticleExtraction {
  const lines = articleLines(text);
  const unsure: ArticleExtraction["unsure"] = [];
  const draft: Draft = { source: `article:${ctx.name}` };

  let titleLine = lines[0] ?? "";
  const datePrefix = /^(?:date\s*[:=]?\s*)?(\d{4}-\d{2}-\d{2})(?:[T ][\d:.Z+-]+)?\s+/i.exec(titleLine);
  if (datePrefix) {
    draft.reviewDate = datePrefix[1];
    titleLine = titleLine.slice(datePrefix[0].length);
  }
  if (titleLine) draft.title = titleLine;

  // Header: the few short lines under the title (byline, date line); the body starts at the first long one.
  let bodyStart = 1;
  let byline: string | undefined;
  for (let i = 1; i < Math.min(lines.length, 5); i++) {
    const line = lines[i] ?? "";
    if (line.length > BYLINE_MAX_CHARS || /[.!?]["”]?$/.test(line)) break;
    bodyStart = i + 1;
    if (!byline && BYLINE.test(line)) byline = line;
    if (!draft.reviewDate) {
      const d = toIsoDate(line);
      if (d) draft.reviewDate = d;
    }
  }
  const bodyLines = lines.slice(bodyStart);
  const body = bodyLines.join("\n");

  const url = ctx.defaults.url ?? httpUrl(/https?:\/\/\S+/.exec(lines.slice(0, bodyStart).join(" "))?.[0]);
  if (url) draft.url = url;
  else unsure.push({ field: "url", flag: "--url", why: "no link to the article in the text" });

  const known = (byline ? publisherFromByline(byline) : undefined) ?? publisherFromSite(siteOf(url));
  if (known) {
    draft.publisher = known.name;
    draft.site = known.site;
  } else {
    const org = byline?.split(/,|\||—/).slice(1).join(",").trim();
    if (org) draft.publisher = org;
    const why = byline ? "byline names no known fact-checker" : "no byline";
    unsure.push({ field: "publisher", flag: "--publisher", why });
  }

  if (!draft.reviewDate) {
    const d = bodyLines.slice(0, 3).map(toIsoDate).find(Boolean);
    if (d) draft.reviewDate = d;
    else unsure.push({ field: "reviewDate", flag: "--date", why: "no date in the article's header" });
  }

  const labelled = LABELLED_RATING.exec(body) ?? WE_RATE.exec(body);
  const sentence = labelled ? null : RATING_SENTENCE.exec(body);
  const ratingText = labelled?.[1] ?? sentence?.[1] ?? sentence?.[2];
  if (ratingText) {
    draft.rating = capitalize(ratingText.trim().replace(/^(?:also|therefore|thus|in fact)\s+/i, "").replace(/[.。]$/, ""));
  } else {
    unsure.push({ field: "rating", flag: "--rating", why: "no verdict sentence such as \"the claim is false\"" });
  }

  const claims: string[] = [];
  for (const line of bodyLines) {
    const m = QUOTED_POST.exec(line) ?? POST_READS.exec(line) ?? KO_QUOTED_POST.exec(line);
    if (m?.[1]) {
      // Forwarding boilerplate such as "[Breaking]" or "【속보】" is not part of what was claimed.
      const quote = m[1].trim().replace(/[,;:]$/, "").replace(LEADING_TAGS, "");
      if (quote) claims.push(quote);
      break;
    }
  }
  const claimSentence = CLAIM_SENTENCE.exec(bodyLines.slice(0, 6).join("\n"));
  if (claimSentence?.[1]) claims.push(capitalize(claimSentence[1].trim()));
  if (claims.length > 0) {
    draft.claim = claims[0];
    draft.altClaims = claims.slice(1);
  } else {
    unsure.push({ field: "claim", flag: "--claim", why: "no quoted post and no \"posts claim that …\" sentence" });
  }

  const lead = bodyLines[0];
  if (lead) draft.summary = lead.length > LEAD_MAX_CHARS ? `${lead.slice(0, LEAD_MAX_CHARS - 1)}…` : lead;
  draft.language = ctx.defaults.language ?? detectLanguage(body || titleLine);
  return { draft, unsure, body };
}

/**
 * Parses article text into one candidate. Command-line values override what was extracted; a field the extractor
 * was unsure of and no flag filled is reported as a warning naming the flag to pass.
 */
export function parseArticle(text: string, ctx: ParseContext): ParseResult {
  const { draft, unsure } = extractArticle(text, ctx);
  const problems: IngestProblem[] = [];
  const flagFor: Record<string, keyof ParseContext["defaults"]> = {
    url: "url",
    publisher: "publisher",
    reviewDate: "date",
    rating: "rating",
    claim: "claim",
  };
  for (const u of unsure) {
    const flag = flagFor[u.field];
    if (flag && ctx.defaults[flag] !== undefined) continue;
    const message = `unsure: ${u.why}; pass ${u.flag}`;
    problems.push({ location: ctx.name, field: u.field, message, severity: "warning" });
  }
  return { records: [{ record: finishRecord(draft, ctx.defaults, "override"), location: ctx.name }], problems };
}
