/**
 * What a forwarded post carries that is not its claim: forwarding headers, pleas to share, the chrome of a tweet
 * screenshot read by OCR (handle lines, "9:41 PM · Sep 28, 2016 · Twitter for iPhone", "1.2K Retweets"), runs of
 * hashtags, lines of OCR debris. Removing it keeps the words of the claim on top of the query plan and keeps the
 * similarity features about the claim; nothing here guesses at meaning. Runs before `cleanText` folds lines.
 */

/** A line is OCR debris when under this share of its characters are letters (and it is short). */
const DEBRIS_MAX_LETTER_SHARE = 0.4;
const DEBRIS_MAX_LINE_CHARS = 40;
/** This many hashtags in a row are tags, not words of the claim (fewer are read as words). */
export const HASHTAG_RUN_MIN = 3;

/** Whole lines that are screenshot chrome. */
const CHROME_LINES: readonly RegExp[] = [
  /^\s*\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*[·•]/u, // "9:41 PM · September 28, 2016 · Twitter for iPhone"
  /[·•]\s*(?:Twitter for (?:iPhone|Android|iPad|Web App|Mac)|TweetDeck)/u,
  /^\s*(?:replying to|show this thread|translate (?:tweet|post)|see translation)\b.{0,60}$/iu,
  /^\s*(?:fwd?|forwarded)(?: from| by)? [^\n]{0,60}$/iu, // a forwarding header on its own line
  /^[^\n]{1,40}?\s[·•]?\s*\d{1,2}\s?(?:s|m|h|d|min|mins|hr|hrs)\s*$/u, // "Patriot · 2h": a name and a post's age
];
/** A display name above a handle line is at most this many words. */
const DISPLAY_NAME_MAX_WORDS = 5;
const HANDLE_LINE = /^\s*@\w{1,30}\s*$/u;

/** Phrases dropped wherever they stand (case-insensitive). */
const PLEAS: readonly RegExp[] = [
  /\b\d[\d.,]*\s*[KkMm]?\s+(?:retweets?|likes?|quote tweets?|comments?|shares?|views?|replies|reposts?)\b/giu,
  /\bshare (?:this )?before (?:they|it gets?|facebook|twitter) (?:delete|deleted|removed?|taken down)(?: it| this)?\b[!.]*/giu,
  /\b(?:please |pls |plz )?(?:share|repost|re-post|forward|spread|copy and paste|copy & paste)(?: this| it| the word)(?: (?:widely|everywhere|now|with everyone|with your friends|to everyone))?\b[!.]*/giu,
  /\b(?:pass it on|spread the word|read (?:till|until|to) the end|watch (?:till|until|to) the end|must (?:watch|read|see|share))\b[!.]*/giu,
  /\b(?:the )?(?:media|news|msm) (?:won'?t|will not|wont|doesn'?t|does not|refuses? to) (?:report|show|tell you|cover)(?: (?:this|it|about this))?\b[!.]*/giu,
  /\bthey (?:don'?t|do not) want you to (?:know|see|hear)(?: this| about this)?\b[!.]*/giu,
  /\b(?:forwarded (?:many times|as received|message)|saw this on (?:facebook|twitter|whatsapp|instagram|telegram|tiktok|fb)|wake up(?: people| sheeple| america)?)\b[!.:]*/giu,
  /\b(?:is this (?:true|real|legit)|can (?:someone|anyone) (?:confirm|verify)(?: this)?|fact ?check (?:this|please))\b[?!.]*/giu,
  /(?:많이\s*)?(?:공유|전파|확산)\s*(?:해\s*주세요|부탁(?:드립니다|합니다|해요)?|바랍니다|요망)[!.]*/gu,
  /퍼(?:뜨|트)려\s*주세요[!.]*|전달\s*(?:부탁(?:드립니다)?|바랍니다)[!.]*|삭제되기\s*전에[^.!?\n]{0,20}/gu,
  /(?:이거|이게|이것이)\s*사실(?:인가요|이에요|일까요|이면)[^.!?\n]{0,20}[?!.]*/gu,
];

const HASHTAG_RUN = new RegExp(`(?:#[\\p{L}\\p{N}_]{1,100}[\\s,.;]*){${HASHTAG_RUN_MIN},}`, "gu");

function isDebris(line: string): boolean {
  const trimmed = line.trim();
  if (!trimmed || trimmed.length > DEBRIS_MAX_LINE_CHARS) return false;
  const letters = trimmed.replace(/[^\p{L}]/gu, "").length;
  return letters / trimmed.length < DEBRIS_MAX_LETTER_SHARE;
}

/** A short line with letters: a display name, when a handle line stands next to it. */
const displayName = (line: string | undefined): boolean =>
  line !== undefined && /\p{L}/u.test(line) && line.trim().split(/\s+/).length <= DISPLAY_NAME_MAX_WORDS;

/** The post without what is not its claim (lines kept where they were; never throws). */
export function stripNoise(text: string): string {
  const lines = text.split(/\r\n?|\n/);
  const kept: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (CHROME_LINES.some((re) => re.test(line)) || isDebris(line)) continue;
    // "Amy Jo Cousins" above "@_AJCousins": the author of a screenshotted tweet, not its claim. A handle alone on a
    // line without a name above it stays: it often names whom the post is about.
    if (HANDLE_LINE.test(lines[i + 1] ?? "") && displayName(line)) continue;
    if (HANDLE_LINE.test(line) && displayName(lines[i - 1])) continue;
    let out = line;
    for (const re of PLEAS) out = out.replace(re, " ");
    out = out.replace(HASHTAG_RUN, " ");
    kept.push(out);
  }
  return kept.join("\n");
}
