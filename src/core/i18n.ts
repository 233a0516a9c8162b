import type { Verdict } from "./factcheck.ts";
import { LOCALES, type Locale } from "./reply-types.ts";

/**
 * The bot's wording in English and Korean. Keys are fixed; `{name}` placeholders are filled by `t`.
 * Every user-visible sentence of the runtime and commands/ lives here, so adding a locale is one table.
 */
const EN = {
  "verdict.false": "false",
  "verdict.mostly-false": "mostly false",
  "verdict.misleading": "misleading",
  "verdict.mixed": "mixed",
  "verdict.mostly-true": "mostly true",
  "verdict.true": "true",
  "verdict.unproven": "unproven",
  "verdict.satire": "satire",
  "verdict.other": "other rating",

  "reply.match.intro": "A fact-checker has reviewed this claim.",
  "reply.rating": "Rating: {rating} ({verdict})",
  "reply.claim": "Claim checked: {claim}",
  "reply.publisher": "Fact-checked by {publisher} on {date}",
  "reply.old": "Note: this fact-check is more than {years} years old; the facts may have changed since.",
  "reply.link": "Read it: {url}",
  "reply.why": "Why it matched: {terms}",
  "reply.translated": "Matched through an English translation of your post.",
  "reply.also": "Other fact-checks:",
  "reply.related.title": "Possibly related fact-checks",
  "reply.related.intro": "No fact-check for exactly this post, but these may be related:",
  "reply.nearmiss.title": "A similar claim was checked, not this one",
  "reply.nearmiss.intro":
    "A similar claim was checked — about {claim}, not {post}. Its verdict is about that claim, not about this post:",
  "reply.nearmiss.polarity":
    "A similar claim was checked, but it says the opposite (\"{claim}\", not \"{post}\"). Its verdict is about that claim, not about this post:",
  "reply.nearmiss.thing":
    "A similar claim was checked — about \"{claim}\", not \"{post}\". Its verdict is about that claim, not about this post:",
  "reply.none.title": "No fact-check found",
  "reply.none.text":
    "I found no fact-check for this claim. That does not mean it is true or false: it may simply not have been checked yet.",
  "reply.none.tip": "You can send it to fact-checkers as a tip; its text is stored only if you do.",
  "reply.unavailable.title": "Fact-check index unreachable",
  "reply.unavailable.text": "The fact-check index is unreachable, try again in a minute.",
  "reply.empty.title": "Nothing to check",
  "reply.empty.text": "I could not find any text to check in this message. Send or forward a post with text.",
  "reply.media-only": "Only text can be checked for now; send the post's text or a caption.",
  "reply.image.text": "Text read from the image: {text}",
  "reply.image.label": "Text read from the image",
  "reply.image.none.title": "No text found in the image",
  "reply.image.none.text": "I found no text in the image, so there is nothing to look up. Send the post's text, or a screenshot where the text is readable.",
  "reply.image.problem.title": "Image not readable",
  "image.problem.empty": "The file is empty.",
  "image.problem.too-large": "The image is too large to read; send a smaller screenshot.",
  "image.problem.not-an-image": "The file is not an image I can read (PNG, JPEG, GIF, WebP or BMP).",
  "image.problem.truncated": "The image file is incomplete or damaged.",
  "image.problem.animated": "Animated images are not read; send a still screenshot.",
  "image.problem.too-many-pixels": "The image has too many pixels to read safely; send a smaller screenshot.",
  "image.problem.timeout": "Reading the image took too long; try a smaller or clearer screenshot.",
  "image.problem.unreadable": "The image could not be decoded.",
  "image.problem.fetch-failed": "I could not download the image; please try again.",
  "image.problem.unavailable": "Reading images is not available right now; send the post's text instead.",
  "reply.error.title": "Something went wrong",
  "reply.error.text": "Sorry, something went wrong on my side. Please try again later.",
  "action.link": "Open fact-check",
  "action.helpful": "Helpful",
  "action.wrong": "Wrong match",
  "action.tip": "Send as tip to fact-checkers",

  "feedback.thanks": "Thanks for your feedback.",
  "feedback.expired": "This button has expired.",
  "tip.thanks": "Thanks, the tip was sent to the fact-checkers' queue. I will tell you if a fact-check appears.",
  "tip.expired": "This tip button has expired; forward the post again to send it.",
  "tip.matched.title": "A fact-check now exists for your tip",
  "tip.matched.intro": "You sent us a tip earlier. A fact-check that matches it has been published:",
  "trend.title": "Trending claim",
  "trend.text": "A claim was seen in {chats} chats today ({seen} times). Key: {key}",

  "command.refused": "Only chat admins can use {command}.",
  "command.refused.discord": "Only server members with the Manage Server permission can use {command}.",
  "command.unknown": "Unknown command: /{name}. Try /help.",
  "command.bad-options": "Invalid options for {command}: {problem}",
  "command.wrong-scope": "{command} works only in {scope}.",
  "scope.dm": "private chats",
  "scope.group": "groups",
  "scope.dm.discord": "direct messages",
  "scope.group.discord": "server channels",
} as const;

export type MessageKey = keyof typeof EN;

const KO: Record<MessageKey, string> = {
  "verdict.false": "거짓",
  "verdict.mostly-false": "대체로 거짓",
  "verdict.misleading": "오해의 소지",
  "verdict.mixed": "절반의 사실",
  "verdict.mostly-true": "대체로 사실",
  "verdict.true": "사실",
  "verdict.unproven": "판단 유보",
  "verdict.satire": "풍자",
  "verdict.other": "기타 판정",

  "reply.match.intro": "팩트체커가 이 주장을 검증했습니다.",
  "reply.rating": "판정: {rating} ({verdict})",
  "reply.claim": "검증된 주장: {claim}",
  "reply.publisher": "검증 기관: {publisher}, {date}",
  "reply.old": "참고: {years}년보다 오래된 팩트체크입니다. 그 뒤로 사실관계가 바뀌었을 수 있습니다.",
  "reply.link": "원문: {url}",
  "reply.why": "일치한 단어: {terms}",
  "reply.translated": "게시물을 영어로 번역해 찾은 팩트체크입니다.",
  "reply.also": "다른 팩트체크:",
  "reply.related.title": "관련 있을 수 있는 팩트체크",
  "reply.related.intro": "이 게시물과 정확히 같은 팩트체크는 없지만, 다음이 관련 있을 수 있습니다:",
  "reply.nearmiss.title": "비슷한 주장이 검증되었지만, 이 주장은 아닙니다",
  "reply.nearmiss.intro":
    "비슷한 주장이 검증되었습니다. 다만 '{post}'이(가) 아니라 '{claim}'에 관한 주장입니다. 아래 판정은 이 게시물이 아니라 그 주장에 대한 것입니다:",
  "reply.nearmiss.polarity":
    "비슷한 주장이 검증되었지만, 반대되는 내용입니다('{post}'이(가) 아니라 '{claim}'). 아래 판정은 이 게시물이 아니라 그 주장에 대한 것입니다:",
  "reply.nearmiss.thing":
    "비슷한 주장이 검증되었습니다. 다만 '{post}'이(가) 아니라 '{claim}'에 관한 주장입니다. 아래 판정은 이 게시물이 아니라 그 주장에 대한 것입니다:",
  "reply.none.title": "팩트체크를 찾지 못했습니다",
  "reply.none.text":
    "이 주장에 대한 팩트체크를 찾지 못했습니다. 참이나 거짓이라는 뜻은 아니며, 아직 검증되지 않았을 수 있습니다.",
  "reply.none.tip": "팩트체커에게 제보할 수 있습니다. 제보할 때만 글이 저장됩니다.",
  "reply.unavailable.title": "팩트체크 색인에 연결할 수 없음",
  "reply.unavailable.text": "팩트체크 색인에 연결할 수 없습니다. 1분 뒤에 다시 시도해 주세요.",
  "reply.empty.title": "확인할 내용 없음",
  "reply.empty.text": "이 메시지에서 확인할 글을 찾지 못했습니다. 글이 있는 게시물을 보내거나 전달해 주세요.",
  "reply.media-only": "지금은 글만 확인할 수 있습니다. 게시물의 글이나 설명을 보내 주세요.",
  "reply.image.text": "이미지에서 읽은 글: {text}",
  "reply.image.label": "이미지에서 읽은 글",
  "reply.image.none.title": "이미지에서 글을 찾지 못했습니다",
  "reply.image.none.text": "이미지에서 글을 찾지 못해 확인할 내용이 없습니다. 게시물의 글이나 글씨가 잘 보이는 화면 캡처를 보내 주세요.",
  "reply.image.problem.title": "이미지를 읽을 수 없음",
  "image.problem.empty": "빈 파일입니다.",
  "image.problem.too-large": "이미지가 너무 커서 읽을 수 없습니다. 더 작은 화면 캡처를 보내 주세요.",
  "image.problem.not-an-image": "읽을 수 있는 이미지 파일(PNG, JPEG, GIF, WebP, BMP)이 아닙니다.",
  "image.problem.truncated": "이미지 파일이 잘렸거나 손상되었습니다.",
  "image.problem.animated": "움직이는 이미지는 읽지 않습니다. 정지된 화면 캡처를 보내 주세요.",
  "image.problem.too-many-pixels": "이미지의 화소 수가 너무 많아 안전하게 읽을 수 없습니다. 더 작은 화면 캡처를 보내 주세요.",
  "image.problem.timeout": "이미지를 읽는 데 너무 오래 걸렸습니다. 더 작거나 선명한 화면 캡처로 다시 시도해 주세요.",
  "image.problem.unreadable": "이미지를 해독할 수 없습니다.",
  "image.problem.fetch-failed": "이미지를 내려받지 못했습니다. 다시 시도해 주세요.",
  "image.problem.unavailable": "지금은 이미지를 읽을 수 없습니다. 게시물의 글을 보내 주세요.",
  "reply.error.title": "오류가 발생했습니다",
  "reply.error.text": "죄송합니다. 처리 중 오류가 발생했습니다. 잠시 뒤에 다시 시도해 주세요.",
  "action.link": "팩트체크 보기",
  "action.helpful": "도움이 됨",
  "action.wrong": "잘못된 결과",
  "action.tip": "팩트체커에게 제보",

  "feedback.thanks": "의견 감사합니다.",
  "feedback.expired": "만료된 버튼입니다.",
  "tip.thanks": "제보가 팩트체커 대기열에 전달되었습니다. 팩트체크가 나오면 알려 드리겠습니다.",
  "tip.expired": "만료된 제보 버튼입니다. 게시물을 다시 전달해 주세요.",
  "tip.matched.title": "제보하신 내용의 팩트체크가 나왔습니다",
  "tip.matched.intro": "이전에 보내 주신 제보와 일치하는 팩트체크가 발표되었습니다:",
  "trend.title": "확산 중인 주장",
  "trend.text": "오늘 {chats}개 대화방에서 같은 주장이 {seen}번 보였습니다. 키: {key}",

  "command.refused": "{command} 명령은 대화방 관리자만 쓸 수 있습니다.",
  "command.refused.discord": "{command} 명령은 '서버 관리하기' 권한이 있는 멤버만 쓸 수 있습니다.",
  "command.unknown": "알 수 없는 명령: /{name}. /help 를 입력해 보세요.",
  "command.bad-options": "{command} 옵션이 올바르지 않습니다: {problem}",
  "command.wrong-scope": "{command} 명령은 {scope}에서만 쓸 수 있습니다.",
  "scope.dm": "개인 대화",
  "scope.group": "그룹",
  "scope.dm.discord": "DM",
  "scope.group.discord": "서버 채널",
};

const TABLES: Record<Locale, Record<MessageKey, string>> = { en: EN, ko: KO };

/** The message `key` in `locale`, placeholders `{name}` replaced from `vars` (unknown ones stay as written). */
export function t(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = TABLES[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A text per locale, for definitions that carry their own wording (command descriptions). */
export type Localized = Record<Locale, string>;

/** Localised label of a normalised verdict. */
export function verdictLabel(verdict: Verdict, locale: Locale): string {
  return t(locale, `verdict.${verdict}` as MessageKey);
}

/** `ko-KR` → `ko`; an unsupported or malformed tag → undefined. */
export function toLocale(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? "") ? (base as Locale) : undefined;
}

/**
 * The reply language: the chat's chosen language, else the user's interface locale, else the post's language,
 * else the default. Only supported locales count at each step.
 */
export function chooseLocale(input: {
  chatLanguage?: string | undefined;
  userLocale?: string | undefined;
  postLanguage?: string | undefined;
  defaultLocale: Locale;
}): Locale {
  return (
    toLocale(input.chatLanguage) ?? toLocale(input.userLocale) ?? toLocale(input.postLanguage) ?? input.defaultLocale
  );
}
