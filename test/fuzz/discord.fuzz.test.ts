import fc from "fast-check";
import type { Message } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  BUTTON_LABEL_LIMIT,
  CUSTOM_ID_LIMIT,
  EMBED_AUTHOR_LIMIT,
  EMBED_DESCRIPTION_LIMIT,
  EMBED_FIELD_NAME_LIMIT,
  EMBED_FIELD_VALUE_LIMIT,
  EMBED_FIELDS_MAX,
  EMBED_FOOTER_LIMIT,
  EMBED_TITLE_LIMIT,
  EMBED_TOTAL_LIMIT,
  EMBED_URL_LIMIT,
  MESSAGE_CONTENT_LIMIT,
} from "../../src/adapters/discord/limits.ts";
import { mentionsBot, postFromMessage, withoutBotMention } from "../../src/adapters/discord/normalize.ts";
import { renderDiscord, renderNotice } from "../../src/adapters/discord/render.ts";
import { fuzz, nastyText } from "./fuzz.ts";
import { replyArb } from "./replies.ts";

const BOT_ID = "123456789012345678";

describe("fuzz: Discord embed renderer", () => {
  it("keeps every embed, field, button and total within Discord's limits, and no mention can ping", () => {
    fuzz(
      "discord: renderDiscord",
      fc.tuple(replyArb, fc.boolean()),
      ([reply, share]) => {
        const out = renderDiscord(reply, { share });
        expect(out.allowedMentions).toEqual({ parse: [], repliedUser: false });
        if (out.content !== undefined) expect(out.content.length).toBeLessThanOrEqual(MESSAGE_CONTENT_LIMIT);
        expect(out.embeds.length).toBeLessThanOrEqual(10);
        for (const embed of out.embeds) {
          let total = 0;
          if (embed.title !== undefined) {
            expect(embed.title.length).toBeLessThanOrEqual(EMBED_TITLE_LIMIT);
            total += embed.title.length;
          }
          if (embed.description !== undefined) {
            expect(embed.description.length).toBeLessThanOrEqual(EMBED_DESCRIPTION_LIMIT);
            total += embed.description.length;
          }
          if (embed.url !== undefined) {
            expect(embed.url.length).toBeLessThanOrEqual(EMBED_URL_LIMIT);
            expect(embed.url).toMatch(/^https?:\/\//);
          }
          if (embed.footer) {
            expect(embed.footer.text.length).toBeLessThanOrEqual(EMBED_FOOTER_LIMIT);
            total += embed.footer.text.length;
          }
          if (embed.author) {
            expect(embed.author.name.length).toBeLessThanOrEqual(EMBED_AUTHOR_LIMIT);
            total += embed.author.name.length;
          }
          expect((embed.fields ?? []).length).toBeLessThanOrEqual(EMBED_FIELDS_MAX);
          for (const field of embed.fields ?? []) {
            expect(field.name.length).toBeGreaterThan(0);
            expect(field.name.length).toBeLessThanOrEqual(EMBED_FIELD_NAME_LIMIT);
            expect(field.value.length).toBeGreaterThan(0);
            expect(field.value.length).toBeLessThanOrEqual(EMBED_FIELD_VALUE_LIMIT);
            total += field.name.length + field.value.length;
          }
          expect(total).toBeLessThanOrEqual(EMBED_TOTAL_LIMIT);
        }
        expect(out.components.length).toBeLessThanOrEqual(5);
        for (const row of out.components) {
          expect(row.components.length).toBeLessThanOrEqual(5);
          for (const button of row.components) {
            if ("label" in button && button.label !== undefined) expect(button.label.length).toBeLessThanOrEqual(BUTTON_LABEL_LIMIT);
            if ("custom_id" in button) expect(button.custom_id.length).toBeLessThanOrEqual(CUSTOM_ID_LIMIT);
            if ("url" in button) expect(button.url).toMatch(/^https?:\/\//);
          }
        }
      },
      3_000,
    );
  });

  it("a notice stays within the content limit and pings no one", () => {
    fuzz(
      "discord: renderNotice",
      nastyText(5_000),
      (text) => {
        const out = renderNotice(text);
        expect(out.content!.length).toBeLessThanOrEqual(MESSAGE_CONTENT_LIMIT);
        expect(out.allowedMentions.parse).toEqual([]);
      },
      2_000,
    );
  });
});

/** A stand-in for the parts of a discord.js Message the normaliser reads (content, embeds, attachments, snapshots). */
function fakeMessage(content: string, embeds: Array<{ title?: string; description?: string; url?: string }>, snapshots: string[], attachments: number): Message {
  const snapshot = (text: string) => ({ content: text, embeds: [], attachments: new Map(Array.from({ length: attachments }, (_, i) => [String(i), {}])) });
  return {
    content,
    embeds,
    attachments: new Map(Array.from({ length: attachments }, (_, i) => [String(i), {}])),
    messageSnapshots: new Map(snapshots.map((text, i) => [String(i), snapshot(text)])),
    reference: snapshots.length > 0 ? { messageId: "1", channelId: "2", guildId: "3" } : null,
  } as unknown as Message;
}

describe("fuzz: Discord event normaliser", () => {
  it("turns any message (text, embeds, forwarded snapshots) into a post without throwing", () => {
    const embed = fc.record({ title: nastyText(100), description: nastyText(300), url: fc.oneof(fc.webUrl(), nastyText(20)) }, { requiredKeys: [] });
    fuzz(
      "discord: postFromMessage + mentions",
      fc.tuple(nastyText(600), fc.array(embed, { maxLength: 4 }), fc.array(nastyText(300), { maxLength: 3 }), fc.nat(3), fc.constantFrom("en-US", "ko", "")),
      ([content, embeds, snapshots, attachments, locale]) => {
        const message = fakeMessage(content, embeds, snapshots, attachments);
        const post = postFromMessage(message, locale || undefined);
        expect(typeof post.text).toBe("string");
        for (const url of post.urls ?? []) expect(typeof url).toBe("string");
        const cleaned = withoutBotMention(content, BOT_ID);
        expect(cleaned).not.toContain(`<@${BOT_ID}>`);
        expect(typeof mentionsBot(message, BOT_ID)).toBe("boolean");
      },
      3_000,
    );
  });
});
