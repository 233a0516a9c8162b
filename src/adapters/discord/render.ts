import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from "discord.js";
import type { Verdict } from "../../core/factcheck.ts";
import { t } from "../../core/i18n.ts";
import type { Reply, ReplyFactCheck } from "../../core/reply-types.ts";
import { encodeCustomId } from "./custom-id.ts";
import { label } from "./labels.ts";
import {
  BUTTON_LABEL_LIMIT,
  BUTTON_URL_LIMIT,
  BUTTONS_PER_ROW,
  EMBED_DESCRIPTION_LIMIT,
  EMBED_FIELD_NAME_LIMIT,
  EMBED_FIELD_VALUE_LIMIT,
  EMBED_FOOTER_LIMIT,
  EMBED_TITLE_LIMIT,
  EMBED_TOTAL_LIMIT,
  EMBED_URL_LIMIT,
  truncate,
} from "./limits.ts";

/** Embed colour (0xRRGGBB) per normalised verdict. */
export const VERDICT_COLORS: Record<Verdict, number> = {
  false: 0xd32f2f,
  "mostly-false": 0xe64a19,
  misleading: 0xf57c00,
  mixed: 0xfbc02d,
  "mostly-true": 0x7cb342,
  true: 0x388e3c,
  unproven: 0x9e9e9e,
  satire: 0x8e24aa,
  other: 0x757575,
};
/** Colours of replies without a primary fact-check. */
export const KIND_COLORS = { related: 0x546e7a, none: 0x90a4ae, rejected: 0x90a4ae, info: 0x5865f2, error: 0xb71c1c, match: 0x757575 };

/** What every message the bot sends carries: nothing a user wrote can ping anyone. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

/** A message body for discord.js `send` / `reply` / `editReply` / `followUp`. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponent>>;
  allowedMentions: typeof NO_MENTIONS;
}

export interface RenderDiscordOptions {
  /** Add a "Share in channel" button (ephemeral answers in servers). */
  share?: boolean;
}

/**
 * Text for an embed description or field: markdown escaped so a claim renders as written. Cut to `max` before
 * escaping (escaping a 10 kB text is slow and pointless) and after (escapes add characters).
 */
function md(text: string, max: number = EMBED_DESCRIPTION_LIMIT): string {
  // escapeMarkdown leaves masked links ([label](url)) alone; a zero-width space breaks them.
  const plain = truncate(text, max).replace(/\r\n?/g, "\n").replaceAll("](", "]\u200b(");
  return truncate(escapeMarkdown(plain), max);
}

function safeUrl(url: string, max: number): string | undefined {
  if (url.length > max) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function relatedLine(fc: ReplyFactCheck): string {
  const publisher = safeUrl(fc.url, EMBED_URL_LIMIT) ? `[${md(fc.publisher, 100)}](${fc.url})` : md(fc.publisher, 100);
  return `• **${md(fc.rating, 100)}** (${md(fc.verdictLabel)}) — ${publisher}, ${fc.date}: ${md(fc.claim, 300)}`;
}

/** Joins lines into one field value without cutting a line (a cut markdown link would render broken). */
function fieldValue(lines: string[]): string {
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    const piece = truncate(line, EMBED_FIELD_VALUE_LIMIT);
    if (size + piece.length + 1 > EMBED_FIELD_VALUE_LIMIT) break;
    kept.push(piece);
    size += piece.length + 1;
  }
  return kept.join("\n");
}

function embedSize(embed: APIEmbed): number {
  let size = (embed.title ?? "").length + (embed.description ?? "").length + (embed.footer?.text ?? "").length;
  size += (embed.author?.name ?? "").length;
  for (const field of embed.fields ?? []) size += field.name.length + field.value.length;
  return size;
}

/** Shrinks the description, then drops fields from the end, until the embed fits `EMBED_TOTAL_LIMIT`. */
function fitTotal(embed: APIEmbed): APIEmbed {
  const over = embedSize(embed) - EMBED_TOTAL_LIMIT;
  if (over > 0 && embed.description) {
    embed.description = truncate(embed.description, Math.max(1, embed.description.length - over));
  }
  while (embedSize(embed) > EMBED_TOTAL_LIMIT && embed.fields && embed.fields.length > 0) embed.fields.pop();
  return embed;
}

function factCheckEmbed(reply: Reply, fc: ReplyFactCheck): APIEmbed {
  const locale = reply.locale;
  const lines = [
    t(locale, "reply.rating", { rating: md(fc.rating, EMBED_TITLE_LIMIT), verdict: md(fc.verdictLabel, 100) }),
    t(locale, "reply.publisher", { publisher: md(fc.publisher, EMBED_TITLE_LIMIT), date: fc.date }),
  ];
  if (fc.old) lines.push(t(locale, "reply.old", { years: 3 }));
  // A verdict found through a machine translation says so here too (as on every other surface).
  if (fc.translated) lines.push(t(locale, "reply.translated"));
  // The claim goes last so only the claim is shortened when the description is too long.
  const description = `${lines.join("\n")}\n\n${t(locale, "reply.claim", { claim: md(fc.claim) })}`;
  const embed: APIEmbed = {
    title: truncate(fc.rating, EMBED_TITLE_LIMIT),
    description: truncate(description, EMBED_DESCRIPTION_LIMIT),
    color: VERDICT_COLORS[fc.verdict] ?? VERDICT_COLORS.other,
    footer: { text: truncate(`${truncate(fc.publisher, EMBED_TITLE_LIMIT)} · ${fc.date}`, EMBED_FOOTER_LIMIT) },
  };
  const url = safeUrl(fc.url, EMBED_URL_LIMIT);
  if (url) embed.url = url;
  return embed;
}

function textEmbed(reply: Reply): APIEmbed {
  return {
    title: truncate(reply.title, EMBED_TITLE_LIMIT),
    description: md(reply.text),
    color: KIND_COLORS[reply.kind],
  };
}

function buttons(reply: Reply, options: RenderDiscordOptions): APIButtonComponent[] {
  const out: APIButtonComponent[] = [];
  for (const action of reply.actions) {
    if (action.kind === "link") {
      const url = safeUrl(action.url, BUTTON_URL_LIMIT);
      if (url) out.push({ type: ComponentType.Button, style: ButtonStyle.Link, label: truncate(action.label, BUTTON_LABEL_LIMIT), url });
      continue;
    }
    const customId =
      action.kind === "feedback"
        ? encodeCustomId({ kind: "feedback", value: action.value, token: action.token })
        : encodeCustomId({ kind: "tip", token: action.token });
    if (!customId) continue;
    const style = action.kind === "feedback" && action.value === "wrong" ? ButtonStyle.Danger : ButtonStyle.Secondary;
    out.push({ type: ComponentType.Button, style, label: truncate(action.label, BUTTON_LABEL_LIMIT), custom_id: customId });
  }
  if (options.share) {
    const customId = encodeCustomId({ kind: "share" });
    if (customId) {
      out.push({ type: ComponentType.Button, style: ButtonStyle.Primary, label: label(reply.locale, "share"), custom_id: customId });
    }
  }
  return out;
}

/** Buttons in rows of at most `BUTTONS_PER_ROW`. */
export function toRows(list: APIButtonComponent[]): Array<APIActionRowComponent<APIButtonComponent>> {
  const rows: Array<APIActionRowComponent<APIButtonComponent>> = [];
  for (let i = 0; i < list.length; i += BUTTONS_PER_ROW) {
    rows.push({ type: ComponentType.ActionRow, components: list.slice(i, i + BUTTONS_PER_ROW) });
  }
  return rows;
}

/**
 * Renders a runtime `Reply` as a Discord message: one embed coloured by verdict (title = the publisher's rating,
 * linking to the fact-check; the claim checked, publisher and date), a "related" field, a link button, feedback and
 * tip buttons, an optional share button. Every Discord limit is enforced here; mentions are never parsed.
 */
export function renderDiscord(reply: Reply, options: RenderDiscordOptions = {}): DiscordMessage {
  const embed = reply.primary ? factCheckEmbed(reply, reply.primary) : textEmbed(reply);
  const others = reply.primary ? reply.related : reply.related.length > 0 && reply.kind !== "related" ? reply.related : [];
  const fields: APIEmbedField[] = [];
  if (reply.kind === "related" && reply.related.length > 0) {
    // The text already lists them; show them as links instead.
    embed.description = md(reply.text.split("\n")[0] ?? reply.title);
    fields.push({ name: truncate(reply.title, EMBED_FIELD_NAME_LIMIT), value: fieldValue(reply.related.map(relatedLine)) });
  }
  if (others.length > 0) {
    fields.push({ name: truncate(t(reply.locale, "reply.also"), EMBED_FIELD_NAME_LIMIT), value: fieldValue(others.map(relatedLine)) });
  }
  if (reply.imageText) {
    // What was read from the image, so the user sees what was matched (plain text: escaped like any user text).
    fields.push({ name: truncate(t(reply.locale, "reply.image.label"), EMBED_FIELD_NAME_LIMIT), value: md(reply.imageText, EMBED_FIELD_VALUE_LIMIT) });
  }
  // Discord refuses a field with an empty (or blank) name or value (found by the fuzz suite, issue 13).
  const nonEmpty = fields.filter((f) => f.value.trim().length > 0).map((f) => (f.name.trim() ? f : { ...f, name: "—" }));
  if (nonEmpty.length > 0) embed.fields = nonEmpty;
  return { embeds: [fitTotal(embed)], components: toRows(buttons(reply, options)), allowedMentions: NO_MENTIONS };
}

/** A short plain notice (acknowledgements of buttons, the Message Content notice). */
export function renderNotice(text: string): DiscordMessage {
  return { content: truncate(text, 2000), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}
