import type { z } from "zod";
import type { Localized } from "../core/i18n.ts";
import type { Post } from "../core/lookup-types.ts";
import type { Reply } from "../core/reply-types.ts";
import type { IndexStats } from "../core/search-index.ts";
import type { ImageSource } from "./image-source.ts";
import type { ChatRef, ChatSettings, CommandContext, CommandInfo, CommandOptionInfo } from "./types.ts";

/**
 * What a command may use of the runtime. Commands stay platform-neutral: they never see an SDK, a database or a
 * token, only these services.
 */
export interface CommandServices {
  /**
   * Looks a post up in `dm` mode (a person asked) and renders the reply with feedback (and, in DMs, tip) actions.
   * With `images`, their text is read first (when OCR is on for the chat) and looked up with the post's text.
   */
  check(post: Post, ctx: CommandContext, images?: readonly ImageSource[]): Promise<Reply>;
  indexStats(): Promise<IndexStats>;
  getSettings(chat: ChatRef): Promise<ChatSettings>;
  /** Stores a partial update and returns the new settings. */
  updateSettings(chat: ChatRef, patch: Partial<ChatSettings>): Promise<ChatSettings>;
  /** Clears an optional setting (`logChatId`, `language`). */
  clearSetting(chat: ChatRef, key: "logChatId" | "language"): Promise<ChatSettings>;
  commands(): readonly CommandInfo[];
  /** Feedback and trend rows are deleted after this many days. */
  retentionDays: number;
}

/** What `run` receives: who, where, in which language, the validated options and the services. */
export interface CommandRunContext<O> extends CommandContext {
  options: O;
  services: CommandServices;
}

/**
 * One command of commands/, platform-neutral. Adapters register it from `CommandInfo` (name, descriptions,
 * `optionInfo`); the runtime validates raw options with `options` (a zod object) before `run`.
 * Invariant (checked by the loader): the keys of `options` are exactly the names in `optionInfo`.
 */
export interface CommandDefinition<S extends z.ZodObject = z.ZodObject> {
  /** Lower-case, `[a-z0-9_]{1,32}`. */
  name: string;
  description: Localized;
  options: S;
  optionInfo: CommandOptionInfo[];
  access: "anyone" | "admin";
  scope: "all" | "dm" | "group";
  run(ctx: CommandRunContext<z.output<S>>): Promise<Reply> | Reply;
}

/** Identity function that types `run`'s options from the zod schema. */
export function defineCommand<S extends z.ZodObject>(definition: CommandDefinition<S>): CommandDefinition<S> {
  return definition;
}
