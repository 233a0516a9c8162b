import { z } from "zod";

/**
 * The parts of Telegram updates the adapter reads, as zod schemas. Updates are parsed from their raw JSON, so fields
 * newer than telegraf's bundled types (@telegraf/types 7.1) are read the same way as old ones, and a malformed update
 * is a parse failure (a value), never a crash. Unknown keys are dropped; unknown future variants of a field (a new
 * `forward_origin` type) make that field `undefined`, not the whole update invalid.
 */
export const TgUserSchema = z.object({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
export type TgUser = z.output<typeof TgUserSchema>;

export const TgChatSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});
export type TgChat = z.output<typeof TgChatSchema>;

export const TgEntitySchema = z.object({
  type: z.string(),
  offset: z.number().int().min(0),
  length: z.number().int().min(0),
  url: z.string().optional(),
});
export type TgEntity = z.output<typeof TgEntitySchema>;

/** `MessageOrigin` (Bot API 7.0): where a forwarded message came from. */
export const TgMessageOriginSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), date: z.number(), sender_user: TgUserSchema }),
  z.object({ type: z.literal("hidden_user"), date: z.number(), sender_user_name: z.string() }),
  z.object({
    type: z.literal("chat"),
    date: z.number(),
    sender_chat: TgChatSchema,
    author_signature: z.string().optional(),
  }),
  z.object({
    type: z.literal("channel"),
    date: z.number(),
    chat: TgChatSchema,
    message_id: z.number().int(),
    author_signature: z.string().optional(),
  }),
]);
export type TgMessageOrigin = z.output<typeof TgMessageOriginSchema>;

const present = z.unknown().optional();
const entities = z.array(TgEntitySchema).optional().catch(undefined);

const messageShape = {
  message_id: z.number().int(),
  date: z.number(),
  chat: TgChatSchema,
  from: TgUserSchema.optional().catch(undefined),
  sender_chat: TgChatSchema.optional().catch(undefined),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities,
  caption_entities: entities,
  forward_origin: TgMessageOriginSchema.optional().catch(undefined),
  is_automatic_forward: z.boolean().optional(),
  media_group_id: z.string().optional(),
  via_bot: TgUserSchema.optional().catch(undefined),
  photo: present,
  video: present,
  animation: present,
  document: present,
  audio: present,
  voice: present,
  video_note: present,
  /** Bot API 7.6: paid media (absent from telegraf 4.16's types). */
  paid_media: present,
  /** Bot API 7.0: a reply to a message in another chat or a quote. */
  external_reply: z
    .object({ origin: TgMessageOriginSchema.optional().catch(undefined) })
    .optional()
    .catch(undefined),
  quote: z.object({ text: z.string() }).optional().catch(undefined),
};

/** A message without its `reply_to_message` (Telegram nests only one level). */
export const TgInnerMessageSchema = z.object(messageShape);
export type TgInnerMessage = z.output<typeof TgInnerMessageSchema>;

export const TgMessageSchema = z.object({
  ...messageShape,
  reply_to_message: TgInnerMessageSchema.optional().catch(undefined),
});
export type TgMessage = z.output<typeof TgMessageSchema>;

export const TgCallbackQuerySchema = z.object({
  id: z.string(),
  from: TgUserSchema,
  data: z.string().optional(),
  message: z
    .object({ message_id: z.number().int(), chat: TgChatSchema })
    .optional()
    .catch(undefined),
});
export type TgCallbackQuery = z.output<typeof TgCallbackQuerySchema>;

export const TgInlineQuerySchema = z.object({
  id: z.string(),
  from: TgUserSchema,
  query: z.string(),
  chat_type: z.string().optional(),
});
export type TgInlineQuery = z.output<typeof TgInlineQuerySchema>;

export const TgChatMemberUpdatedSchema = z.object({
  chat: TgChatSchema,
  from: TgUserSchema,
  date: z.number(),
  old_chat_member: z.object({ status: z.string() }),
  new_chat_member: z.object({ status: z.string(), user: TgUserSchema }),
});
export type TgChatMemberUpdated = z.output<typeof TgChatMemberUpdatedSchema>;

/** The update kinds the bot asks for (`allowed_updates`). */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query", "my_chat_member"] as const;

/** An update as the adapter sees it: exactly one of the kinds it handles, or `other`. */
export type TgUpdate =
  | { kind: "message"; updateId: number; message: TgMessage }
  /** An edited message (`edited_message`, or `edited_channel_post`: channels are not served, so it is ignored). */
  | { kind: "edited_message"; updateId: number; message: TgMessage }
  | { kind: "callback_query"; updateId: number; query: TgCallbackQuery }
  | { kind: "inline_query"; updateId: number; query: TgInlineQuery }
  | { kind: "my_chat_member"; updateId: number; change: TgChatMemberUpdated }
  | { kind: "other"; updateId: number };

const UpdateIdSchema = z.object({ update_id: z.number().int().min(0) });

/** Why an update could not be read. */
export type UpdateParseError = { error: "no-update-id" } | { error: "invalid"; field: string; path: string };

/** Parses a raw update. Expected failures are values. */
export function parseUpdate(raw: unknown): TgUpdate | UpdateParseError {
  const head = UpdateIdSchema.safeParse(raw);
  if (!head.success) return { error: "no-update-id" };
  const updateId = head.data.update_id;
  const body = raw as Record<string, unknown>;
  const fields = [
    ["message", TgMessageSchema],
    ["edited_message", TgMessageSchema],
    ["edited_channel_post", TgMessageSchema],
    ["callback_query", TgCallbackQuerySchema],
    ["inline_query", TgInlineQuerySchema],
    ["my_chat_member", TgChatMemberUpdatedSchema],
  ] as const;
  for (const [field, schema] of fields) {
    if (body[field] === undefined) continue;
    const parsed = schema.safeParse(body[field]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { error: "invalid", field, path: issue ? issue.path.join(".") : "" };
    }
    switch (field) {
      case "message":
        return { kind: "message", updateId, message: parsed.data as TgMessage };
      case "edited_message":
      case "edited_channel_post":
        return { kind: "edited_message", updateId, message: parsed.data as TgMessage };
      case "callback_query":
        return { kind: "callback_query", updateId, query: parsed.data as TgCallbackQuery };
      case "inline_query":
        return { kind: "inline_query", updateId, query: parsed.data as TgInlineQuery };
      case "my_chat_member":
        return { kind: "my_chat_member", updateId, change: parsed.data as TgChatMemberUpdated };
    }
  }
  return { kind: "other", updateId };
}
