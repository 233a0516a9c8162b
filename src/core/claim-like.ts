import { EN_STOPWORDS, isCjk, tokenize } from "./text.ts";

/** A message needs at least this many content words (CJK: character pairs) to read like a claim. */
export const MIN_CONTENT_WORDS = 4;
/** Shorter messages (characters) never read like a claim; the default of a group's `minLength` setting. */
export const CLAIM_MIN_LENGTH_CHARS = 20;
/** Messages longer than this (characters) are judged on their first part only. */
const SAMPLE_CHARS = 2_000;

const CHITCHAT = new Set(
  (
    "hi hello hey yo thanks thank thx ty ok okay lol lmao haha hahaha yes yeah yep no nope good morning night evening " +
    "bye see soon later congrats congratulations happy birthday welcome nice cool great love miss dinner lunch " +
    "tonight tomorrow today weekend saturday sunday please sorry wow omg brb gn gm 안녕 안녕하세요 감사 감사합니다 " +
    "고마워 고맙습니다 ㅋㅋ ㅋㅋㅋ ㅎㅎ ㅎㅎㅎ 네 응 아니 좋아 좋아요 축하 축하해 생일 내일 오늘 주말 저녁 점심"
  )
    .split(" ")
    // tokenize() applies NFKC, which turns compatibility jamo (ㅋ) into conjoining ones.
    .map((w) => w.normalize("NFKC")),
);
/**
 * Words that carry no claim of their own: indefinite pronouns ("Can someone send me the photos from yesterday?"), as
 * common stop lists have them (spaCy's English list). Measured (issue 15, session 9): no post of the identity sets,
 * CheckThat! 2022-2a-en train/dev/devtest or the bench's claims becomes unscreenable; 64 of the bench's 313
 * screened chat messages do (one template of its synthetic chat, so the figure says little about real chats).
 */
const FUNCTION_WORDS = new Set("someone anyone everyone somebody anybody everybody something anything".split(" "));

/**
 * Whether a message's words read like a post that may carry a claim: false for very short messages (`minLength`),
 * for messages with fewer than `MIN_CONTENT_WORDS` content words, and for chit-chat (mostly greetings, thanks,
 * plans). Words only: a link counts as words here, so give text without links where links should not count (the
 * lookup gives its cleaned post). Pure and fast: the group pre-filter runs it on every message
 * (src/runtime/group-policy.ts `isScreenable`, which lets a message with a link through on its own), and a DM's
 * weak stand-out answer needs it (lookup.ts, decide.ts).
 */
export function readsLikeClaim(text: string, minLength: number = CLAIM_MIN_LENGTH_CHARS): boolean {
  const trimmed = text.trim();
  if (trimmed.length < minLength) return false;
  const words = tokenize(trimmed.slice(0, SAMPLE_CHARS));
  let content = 0;
  let chitchat = 0;
  for (const word of words) {
    if (CHITCHAT.has(word)) {
      chitchat++;
      continue;
    }
    if (EN_STOPWORDS.has(word) || FUNCTION_WORDS.has(word)) continue;
    // A CJK run is one token; count its character pairs as words.
    content += isCjk(word) ? Math.max(1, Array.from(word).length - 1) : 1;
  }
  if (content < MIN_CONTENT_WORDS) return false;
  return chitchat * 2 < content + chitchat;
}
