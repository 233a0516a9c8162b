import { describe, expect, it } from "vitest";
import { decodeCustomId, encodeCustomId } from "../../../src/adapters/discord/custom-id.ts";
import { renderDiscord, VERDICT_COLORS } from "../../../src/adapters/discord/render.ts";
import { truncate } from "../../../src/adapters/discord/limits.ts";
import { infoReply } from "../../../src/core/render-reply.ts";
import type { Reply, ReplyFactCheck } from "../../../src/core/reply-types.ts";

function fc(over: Partial<ReplyFactCheck> = {}): ReplyFactCheck {
  return {
    id: "x",
    rating: "Misleading",
    verdict: "misleading",
    verdictLabel: "misleading",
    claim: "North Korea sends troops",
    publisher: "AFP Fact Check",
    date: "2022-04-26",
    old: false,
    url: "https://factcheck.afp.com/x",
    score: 0.9,
    matchedTerms: [],
    ...over,
  };
}

function match(primary: ReplyFactCheck, related: ReplyFactCheck[] = []): Reply {
  return {
    kind: "match",
    locale: "en",
    title: `${primary.rating} — ${primary.publisher}`,
    text: "t",
    primary,
    related,
    actions: [
      { kind: "link", label: "Open fact-check", url: primary.url },
      { kind: "feedback", value: "helpful", label: "Helpful", token: "tok" },
      { kind: "feedback", value: "wrong", label: "Wrong match", token: "tok" },
    ],
  };
}

function totalChars(embed: { title?: string; description?: string; footer?: { text: string }; fields?: Array<{ name: string; value: string }> }): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

describe("renderDiscord", () => {
  it("colours by verdict, titles with the publisher's rating, links the fact-check, never parses mentions", () => {
    const out = renderDiscord(match(fc({ verdict: "false", rating: "Pants on Fire!" })));
    const embed = out.embeds[0]!;
    expect(embed.title).toBe("Pants on Fire!");
    expect(embed.color).toBe(VERDICT_COLORS.false);
    expect(embed.url).toBe("https://factcheck.afp.com/x");
    expect(out.allowedMentions.parse).toEqual([]);
    const buttons = out.components.flatMap((r) => r.components);
    expect(buttons.map((b) => ("custom_id" in b ? b.custom_id : "url" in b ? b.url : ""))).toEqual([
      "https://factcheck.afp.com/x",
      "cb:fh:tok",
      "cb:fw:tok",
    ]);
  });

  it("says when the match was found through an English translation of the post", () => {
    expect(renderDiscord(match(fc({ translated: true }))).embeds[0]!.description).toContain("Matched through an English translation of your post.");
    expect(renderDiscord(match(fc())).embeds[0]!.description).not.toContain("translation");
  });

  it("escapes markdown and shows @everyone as text", () => {
    const out = renderDiscord(match(fc({ claim: "**bold** @everyone <@123>" })));
    expect(out.embeds[0]!.description).toContain("\\*\\*bold\\*\\*");
    const link = renderDiscord(match(fc({ claim: "[click](https://evil.example)" })));
    expect(link.embeds[0]!.description).not.toContain("](https://evil.example)");
  });

  it("keeps every limit with huge claims, ratings and related lists", () => {
    const huge = "가나다 word ".repeat(2000);
    const related = Array.from({ length: 3 }, (_, i) => fc({ id: `r${i}`, claim: huge, rating: huge, publisher: huge.slice(0, 300) }));
    const out = renderDiscord(match(fc({ claim: huge, rating: huge, publisher: huge.slice(0, 5000) }), related));
    const embed = out.embeds[0]!;
    expect(embed.title!.length).toBeLessThanOrEqual(256);
    expect(embed.description!.length).toBeLessThanOrEqual(4096);
    expect(embed.footer!.text.length).toBeLessThanOrEqual(2048);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeLessThanOrEqual(1024);
      expect(field.value.length).toBeGreaterThan(0);
    }
    expect(totalChars(embed)).toBeLessThanOrEqual(6000);
  });

  it("lists related fact-checks as links in a field", () => {
    const out = renderDiscord(match(fc(), [fc({ publisher: "Snopes", url: "https://snopes.com/a", rating: "False" })]));
    const field = out.embeds[0]!.fields?.[0];
    expect(field?.value).toContain("[Snopes](https://snopes.com/a)");
  });

  it("drops a button whose custom id would exceed 100 characters, and a non-http link", () => {
    const reply = match(fc());
    reply.actions = [
      { kind: "link", label: "x", url: "javascript:alert(1)" },
      { kind: "feedback", value: "helpful", label: "Helpful", token: "t".repeat(120) },
      { kind: "tip", label: "Tip", token: "ok" },
    ];
    const buttons = renderDiscord(reply, { share: true }).components.flatMap((r) => r.components);
    expect(buttons.map((b) => ("custom_id" in b ? b.custom_id : "link"))).toEqual(["cb:tip:ok", "cb:share"]);
  });

  it("renders info replies as a plain embed", () => {
    const out = renderDiscord(infoReply("ko", "설정", "자동 확인: 켜짐"));
    expect(out.embeds[0]).toMatchObject({ title: "설정", description: "자동 확인: 켜짐" });
    expect(out.components).toEqual([]);
  });
});

describe("custom ids", () => {
  it("round-trip and reject foreign ids", () => {
    for (const intent of [
      { kind: "feedback", value: "wrong", token: "a:b" },
      { kind: "tip", token: "z" },
      { kind: "share" },
    ] as const) {
      expect(decodeCustomId(encodeCustomId(intent)!)).toEqual(intent);
    }
    expect(decodeCustomId("other-bot:fh:x")).toBeNull();
    expect(decodeCustomId("cb:fh:")).toBeNull();
  });
});

it("truncate keeps surrogate pairs whole", () => {
  const cut = truncate("a😀😀😀", 3);
  expect(cut).toBe("a…");
});
