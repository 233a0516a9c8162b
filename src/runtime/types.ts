import type { Post } from "../core/lookup-types.ts";
import type { Locale, Reply } from "../core/reply-types.ts";
import type { ImageSource } from "./image-source.ts";

/**
 * The platform-neutral contract between the bot runtime (src/runtime) and the adapters (telegram, discord, console,
 * http). Adapters translate wire formats into these values and render `Reply` values back; everything a user or
 * moderator can ask for is decided in the runtime, once.
 */
export type Platform = "telegram" | "discord" | "console" | "http";

export interface ChatRef {
  platform: Platform;
  /** Platform chat/channel id as a string. For Discord server channels: the channel id; `guildId` is separate. */
  id: string;
  kind: "dm" | "group";
  /** Discord guild (server) id, when in a server. Settings for Discord are per channel, admin rights per guild. */
  guildId?: string;
  title?: string;
}

export interface UserRef {
  id: string;
  isBot: boolean;
  /** The user's interface locale (BCP-47) when the platform tells it. */
  locale?: string;
  /** True when the platform says this user administers the chat (checked by the adapter: getChatMember, perms). */
  isAdmin?: boolean;
}

/** One incoming message, already normalised by the adapter. */
export interface IncomingMessage {
  chat: ChatRef;
  sender: UserRef;
  messageId: string;
  /** True when the message was written by this bot itself. */
  fromSelf: boolean;
  post: Post;
  /** Photo, video or document present. */
  hasMedia: boolean;
  /** Still images attached (photos, image documents, attachments, embed images): read only when OCR is on. */
  images?: readonly ImageSource[];
  /** Unix milliseconds. */
  date: number;
}

/** What to do about a group message. Adapters carry it out; `silent` does nothing. */
export type GroupDecision =
  | { kind: "silent"; why: string }
  /** Reply to the message in the chat. */
  | { kind: "reply"; reply: Reply }
  /** React to the message with an emoji (Discord ⚠️, Telegram setMessageReaction). */
  | { kind: "react"; emoji: string; reply: Reply }
  /** Post to the chat's configured moderators' log chat. */
  | { kind: "alert"; logChatId: string; reply: Reply }
  /** Only record it (metrics, trends); nothing is sent. */
  | { kind: "log-only"; reply: Reply };

/** Who runs a command and where. */
export interface CommandContext {
  chat: ChatRef;
  user: UserRef;
  locale: Locale;
  /** The message replied to, when the command was sent as a reply (e.g. `/check` on a message). */
  repliedTo?: Post;
  /** The images of the message replied to (`/check` on a screenshot, Discord's "Check this message"). */
  repliedImages?: readonly ImageSource[];
}

/** A message the runtime wants delivered later (tip notifications, trend alerts). */
export interface OutboxItem {
  id: number;
  platform: Platform;
  chatId: string;
  reply: Reply;
  /** Platform message id it answers, when it is a reply. */
  replyTo?: string;
  /** Sent to a group (Telegram's per-group limit applies). */
  isGroup?: boolean;
}

/** A command option as adapters declare it (Telegram ignores them, Discord registers them). */
export interface CommandOptionInfo {
  name: string;
  description: { en: string; ko: string };
  type: "string" | "boolean" | "integer";
  required: boolean;
  /** Allowed values for a string option, when limited. */
  choices?: string[];
}

/** What an adapter needs to know of a command from commands/ to register and route it. */
export interface CommandInfo {
  /** Lower-case, `[a-z0-9_]{1,32}`. */
  name: string;
  description: { en: string; ko: string };
  options: CommandOptionInfo[];
  access: "anyone" | "admin";
  /** Where it makes sense. */
  scope: "all" | "dm" | "group";
}

/** Per-chat settings (see src/store). */
export interface ChatSettings {
  autoCheck: boolean;
  sensitivity: "strict" | "normal";
  action: "reply" | "react" | "alert" | "log-only";
  /** The same fact-check is not repeated in this chat within this many minutes. */
  cooldownMinutes: number;
  /** Where `alert` posts (platform chat/channel id). */
  logChatId?: string;
  language?: "en" | "ko";
  /** Messages shorter than this (characters) are not screened. */
  minLength: number;
  /** Read the text of images; unset = on in private chats, off in groups (OCR costs CPU). */
  ocr?: boolean;
}

/** Answer to a button press. `message` is a short plain-text acknowledgement to show the user. */
export interface ActionResult {
  ok: boolean;
  message: string;
}

/**
 * The runtime as adapters see it. Implemented in src/runtime/runtime.ts (`createRuntime`).
 * Adapters never decide wording, thresholds or policy; they translate and deliver.
 */
export interface Runtime {
  /** A message in a private chat (forwarded or typed): a `dm`-mode lookup, always answered. */
  handleDirect(message: IncomingMessage): Promise<Reply>;
  /** Several messages forwarded together: checked together, one reply. */
  handleDirectBatch(messages: readonly IncomingMessage[]): Promise<Reply>;
  /** A message seen in a group: the moderation policy decides (mostly `silent`). */
  handleGroup(message: IncomingMessage): Promise<GroupDecision>;
  /** Runs a command by name with raw options; validates them, refuses admin-only commands to others. */
  runCommand(name: string, options: Record<string, unknown>, ctx: CommandContext): Promise<Reply>;
  /** The commands from commands/, for registration (setMyCommands, Discord application commands). */
  commands(): readonly CommandInfo[];
  /** A feedback button (`ReplyAction.feedback.token`). */
  recordFeedback(token: string, value: "helpful" | "wrong", user: UserRef): Promise<ActionResult>;
  /** A tip button (`ReplyAction.tip.token`): explicit consent; the post's text is stored only now. */
  submitTip(token: string, user: UserRef, chat: ChatRef): Promise<ActionResult>;
  /** Inline queries (Telegram inline mode): up to `limit` fact-checks, match first then related. */
  inlineLookup(text: string, user: UserRef, limit: number): Promise<Reply>;
  getSettings(chat: ChatRef): Promise<ChatSettings>;
  /** Messages waiting for delivery on a platform (tip notifications, trend alerts). */
  takeOutbox(platform: Platform, limit: number): Promise<OutboxItem[]>;
  /** Marks outbox items delivered. */
  ackOutbox(ids: readonly number[]): Promise<void>;
  /**
   * Flood check of a private message before any lookup: `ok`; `slow-down` once (send its reply) when the sender is
   * over the limit; then `throttled` (send nothing) until the window clears. Optional: fakes may leave it out.
   */
  admitDirect?(chat: ChatRef, user: UserRef): Promise<{ kind: "ok" } | { kind: "slow-down"; reply: Reply } | { kind: "throttled" }>;
}
