import { describe, expect, it } from "vitest";
import { decodeCallbackData, encodeCallbackData } from "../../../src/adapters/telegram/callback-data.ts";
import { telegramReaction } from "../../../src/adapters/telegram/reactions.ts";
import { commandMenus } from "../../../src/adapters/telegram/register.ts";
import {
  TELEGRAM_CAPTION_LIMIT,
  TELEGRAM_TEXT_LIMIT,
  escapeHtml,
  renderInlineResults,
  renderReply,
  truncatePlain,
} from "../../../src/adapters/telegram/render.ts";
import type { Reply, ReplyFactCheck } from "../../../src/core/reply-types.ts";

const fc: ReplyFactCheck = {
  id: "afp-1",
  rating: "Misleading",
  verdict: "misleading",
  verdictLabel: "misleading",
  claim: 'North Korea "sends" troops <b>now</b> & more',
  publisher: "AFP Fact Check",
  date: "2022-04-26",
  old: true,
  url: "https://factcheck.afp.com/x?a=1&b=2",
  score: 0.9,
  matchedTerms: [],
};

function reply(overrides: Partial<Reply> = {}): Reply {
  return {
    kind: "match",
    locale: "en",
    title: "Misleading — AFP Fact Check",
    text: `Misleading — AFP Fact Check\nClaim checked: ${fc.claim}`,
    primary: fc,
    related: [],
    actions: [
      { kind: "link", label: "Open fact-check", url: fc.url },
      { kind: "feedback", value: "helpful", label: "Helpful", token: "tok" },
      { kind: "feedback", value: "wrong", label: "Wrong", token: "tok" },
    ],
    ...overrides,
  };
}

describe("telegram render", () => {
  it("escapes every user-derived string and bolds the title once", () => {
    const out = renderReply(reply());
    expect(out.parse_mode).toBe("HTML");
    expect(out.text.startsWith("<b>Misleading — AFP Fact Check</b>\n\n")).toBe(true);
    expect(out.text.match(/Misleading — AFP/g)).toHaveLength(1);
    expect(out.text).toContain("North Korea &quot;sends&quot; troops &lt;b&gt;now&lt;/b&gt; &amp; more");
    // The link is not in the body text, so it is appended as an escaped anchor.
    expect(out.text).toContain('<a href="https://factcheck.afp.com/x?a=1&amp;b=2">');
    expect(out.link_preview_options).toEqual({ url: fc.url, prefer_small_media: true });
  });

  it("builds the keyboard: link row, feedback row, tip row after a none", () => {
    expect(renderReply(reply()).reply_markup?.inline_keyboard).toEqual([
      [{ text: "Open fact-check", url: fc.url }],
      [
        { text: "Helpful", callback_data: "f:h:tok" },
        { text: "Wrong", callback_data: "f:w:tok" },
      ],
    ]);
    const none = renderReply({
      kind: "none",
      locale: "en",
      title: "No fact-check found",
      text: "Nothing.",
      related: [],
      actions: [
        { kind: "tip", label: "Send as tip", token: "t1" },
        { kind: "feedback", value: "wrong", label: "Wrong", token: "tok" },
      ],
    });
    expect(none.reply_markup?.inline_keyboard).toEqual([
      [{ text: "Wrong", callback_data: "f:w:tok" }],
      [{ text: "Send as tip", callback_data: "t:t1" }],
    ]);
    expect(none.link_preview_options).toEqual({ is_disabled: true });
  });

  it("stays within 4,096 characters (1,024 for captions) however long or markup-heavy the text", () => {
    const long = reply({ text: "<&>".repeat(5_000) });
    const out = renderReply(long);
    expect(out.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(out.text.length).toBeGreaterThan(TELEGRAM_TEXT_LIMIT - 200);
    expect(out.text).not.toMatch(/&[a-z]*$/); // no entity cut in half
    expect(renderReply(long, TELEGRAM_CAPTION_LIMIT).text.length).toBeLessThanOrEqual(TELEGRAM_CAPTION_LIMIT);
    expect(renderReply(reply({ title: "x".repeat(10_000) })).text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
  });

  it("never splits a surrogate pair when truncating", () => {
    const cut = truncatePlain("😀".repeat(10), 6);
    expect(cut.length).toBeLessThanOrEqual(6);
    expect(cut).toMatch(/^(😀)+…$/u);
    expect(escapeHtml(`a<b>&"c"`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;");
  });

  it("leaves out buttons whose callback_data would exceed 64 bytes", () => {
    expect(encodeCallbackData({ kind: "feedback", value: "helpful", token: "x".repeat(61) })).toBeNull();
    expect(encodeCallbackData({ kind: "feedback", value: "helpful", token: "x".repeat(60) })).toHaveLength(64);
    expect(encodeCallbackData({ kind: "tip", token: "x".repeat(62) })).toBe(`t:${"x".repeat(62)}`);
    const out = renderReply(reply({ actions: [{ kind: "feedback", value: "helpful", label: "H", token: "y".repeat(70) }] }));
    // Only the fallback link button to the fact-check remains.
    expect(out.reply_markup?.inline_keyboard).toEqual([[{ text: "AFP Fact Check", url: fc.url }]]);
    expect(decodeCallbackData("f:h:abc")).toEqual({ kind: "feedback", value: "helpful", token: "abc" });
    expect(decodeCallbackData("t:abc")).toEqual({ kind: "tip", token: "abc" });
    expect(decodeCallbackData("zz")).toBeNull();
  });

  it("renders inline results: at most 5 articles, match first, escaped HTML message", () => {
    const related = Array.from({ length: 6 }, (_, i) => ({ ...fc, id: `r${i}` }));
    const results = renderInlineResults(reply({ related }));
    expect(results).toHaveLength(5);
    expect(results[0]).toMatchObject({ type: "article", id: "0-afp-1" });
    const content = results[0]?.input_message_content as { message_text: string };
    expect(content.message_text).toContain("&lt;b&gt;now&lt;/b&gt;");
    expect(new Set(results.map((r) => r.id)).size).toBe(5);
    expect(renderInlineResults({ ...reply(), kind: "none", primary: undefined, related: [] })).toEqual([]);
  });

  it("maps reactions to emoji Telegram accepts", () => {
    expect(telegramReaction("👀")).toBe("👀");
    expect(telegramReaction("⚠️")).toBe("🤔");
  });

  it("builds command menus per scope and language", () => {
    const menus = commandMenus([
      { name: "check", description: { en: "Check", ko: "확인" }, options: [], access: "anyone", scope: "all" },
      { name: "settings", description: { en: "Settings", ko: "설정" }, options: [], access: "admin", scope: "group" },
      { name: "start", description: { en: "Start", ko: "시작" }, options: [], access: "anyone", scope: "dm" },
      { name: "Bad-Name", description: { en: "x", ko: "x" }, options: [], access: "anyone", scope: "all" },
    ]);
    const find = (type: string, ko: boolean) =>
      menus.find((m) => m.scope.type === type && (m.language_code === "ko") === ko)?.commands.map((c) => c.command);
    expect(find("all_private_chats", false)).toEqual(["check", "start"]);
    expect(find("all_group_chats", false)).toEqual(["check"]);
    expect(find("all_chat_administrators", true)).toEqual(["check", "settings"]);
    expect(menus.find((m) => m.language_code === "ko")?.commands[0]?.description).toBe("확인");
    expect(menus).toHaveLength(6);
  });
});
