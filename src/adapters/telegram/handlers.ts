import { createHash } from "node:crypto";
import { chooseLocale } from "../../core/i18n.ts";
import type { Logger } from "../../core/logger.ts";
import { errorReply } from "../../core/render-reply.ts";
import type { Locale, Reply } from "../../core/reply-types.ts";
import { RAW_ARGS_KEY } from "../../runtime/command-registry.ts";
import type { CommandContext, CommandInfo, IncomingMessage, Runtime, UserRef } from "../../runtime/types.ts";
import { DirectBatcher, type BatcherOptions } from "./batcher.ts";
import { telegramImages, type TelegramFiles, type TelegramImageLimits } from "./images.ts";
import { AlbumBatcher } from "./album.ts";
import { mentionAsCheck, parseCommand, type ParsedCommand } from "./command-parse.ts";
import type { ApiCall, DeliveryQueue, DeliveryResult } from "./delivery.ts";
import {
  TELEGRAM_ANONYMOUS_ADMIN_ID,
  chatKind,
  normalizeMessage,
  toChatRef,
  toPost,
  toUserRef,
} from "./normalize.ts";
import { GroupVisibility, privacyNotice } from "./privacy-mode.ts";
import { telegramReaction } from "./reactions.ts";
import { handleCallbackQuery, handleInlineQuery } from "./queries.ts";
import { renderReply } from "./render.ts";
import { parseUpdate, type TgChatMemberUpdated, type TgInnerMessage, type TgMessage, type TgUpdate } from "./schemas.ts";
import { UpdateDedupe } from "./update-dedupe.ts";
import type { OutboxStore } from "../../store/outbox-store.ts";
import type { RuntimeStateStore } from "../../store/runtime-state-store.ts";
import type { OutboxItem } from "../../runtime/types.ts";
import { chatBacklog, type BacklogSignal } from "../../runtime/backlog.ts";
import { errorFields, wireChatId } from "./wire.ts";

/** Updates processed at once; more wait (and so does the poll loop). Above the runtime's group queue bound (100), so
 * group decisions waiting for a rate-limit slot cannot stall polling. */
export const MAX_UPDATES_IN_FLIGHT = 256;
/** How long a getChatMember answer about a user's admin rights is trusted. */
export const ADMIN_CACHE_MS = 60_000;
/** Messages remembered for edits (text hash, our answer's id); the oldest are forgotten beyond this. */
export const EDIT_MEMORY_MAX = 10_000;
/**
 * A group message this old (ms, from its Telegram date, which has a resolution of 1 s) when its turn comes is not
 * screened: the bot is behind and sheds group screening first (see `TelegramHandlers.stale`).
 */
export const GROUP_SCREEN_MAX_AGE_MS = 15_000;
/** A message this old (ms) when its turn comes means the bot is behind (see `TelegramHandlerDeps.backlog`). */
export const BEHIND_AGE_MS = 5_000;
/** Updates telegraf asks for per poll (getUpdates' default limit): a full poll means more are waiting. */
export const TELEGRAM_POLL_LIMIT = 100;
/** A reply the delivery queue gave up on (network down, queue full) is offered again by the outbox after this (ms). */
export const OUTBOX_RETRY_DELAY_MS = 10_000;

/**
 * The durable side of the adapter (issue 13): processed update ids and the outbox of replies in the shared SQLite
 * file, so a redelivered update is handled once by any process, and a reply survives a crash and is sent once.
 */
export interface TelegramDurableState {
  state: Pick<RuntimeStateStore, "firstTime">;
  outbox: Pick<OutboxStore, "put" | "attempt" | "settle" | "release">;
  /** This process as an outbox owner (`newOutboxOwner()`). */
  owner: string;
  /**
   * Runs `fn` in one write transaction of the state's database. With it, the update ids of one poll (up to 100,
   * handed over in one go) are recorded in one transaction instead of one each.
   */
  inTransaction?: (fn: () => void) => void;
}

/** What the handlers know of the bot itself (from getMe). */
export interface TelegramBotIdentity {
  id: number;
  username: string;
  canReadAllGroupMessages: boolean;
}

export interface TelegramHandlerDeps {
  runtime: Runtime;
  logger: Logger;
  /** Direct Bot API calls (answers to queries, getChatMember); messages go through `delivery`. */
  call: ApiCall;
  delivery: DeliveryQueue;
  me: TelegramBotIdentity;
  defaultLocale: Locale;
  batch?: BatcherOptions;
  adminCacheMs?: number;
  /** Updates processed at once (default `MAX_UPDATES_IN_FLIGHT`). */
  maxInFlight?: number;
  /** Downloads files through the Bot API; without it images are not offered to the runtime (captions only). */
  files?: TelegramFiles;
  /** Which photo size to take (the largest within these). */
  imageLimits?: TelegramImageLimits;
  /**
   * Marked while the bot is behind (a full poll, a message older than `BEHIND_AGE_MS`); the HTTP API's lookups
   * yield to it. Default: the process's `chatBacklog`.
   */
  backlog?: BacklogSignal;
  /** Durable update ids and outbox; without it (adapter tests on a fake runtime) both live in memory. */
  durable?: TelegramDurableState;
  /** Overrides OUTBOX_RETRY_DELAY_MS (tests). */
  outboxRetryMs?: number;
}

/**
 * Routes Telegram updates to the runtime and delivers its answers. One update at a time goes through
 * `handleUpdate`, the adapter's error boundary: a bad update is logged and never stops the bot.
 */
export class TelegramHandlers {
  private readonly dedupe = new UpdateDedupe();
  private readonly batcher: DirectBatcher;
  /** Group albums (photos sharing a media_group_id): screened once, merged. */
  private readonly albums: AlbumBatcher;
  private readonly visibility: GroupVisibility;
  private readonly admins = new Map<string, { isAdmin: boolean; at: number }>();
  private readonly tasks = new Set<Promise<void>>();
  /** `chatId:messageId` → hash of the text seen, our answer's message id (DMs), whether a group message was acted on. */
  private readonly seen = new Map<string, { hash: string; replyId?: number; acted?: boolean }>();
  /** Group messages not screened because they were too old when their turn came (see `stale`). */
  shed = 0;
  /** Updates handed over in the current synchronous run (one poll). */
  private handedOver = 0;
  private readonly backlog: BacklogSignal;
  /** Update ids waiting to be recorded in one transaction (see `firstTime`). */
  private readonly idBatch: Array<{ updateId: number; resolve: (fresh: boolean) => void }> = [];
  /** The runtime's commands by name, read once: they do not change while the bot runs. */
  private readonly commandInfo: ReadonlyMap<string, CommandInfo>;

  constructor(private readonly deps: TelegramHandlerDeps) {
    this.backlog = deps.backlog ?? chatBacklog;
    this.commandInfo = new Map(deps.runtime.commands().map((c) => [c.name, c]));
    this.batcher = new DirectBatcher((messages) => this.direct(messages), deps.batch);
    this.albums = new AlbumBatcher(
      (merged) => this.group(merged).catch((error: unknown) => this.deps.logger.error("telegram album failed", errorFields(error))),
      deps.batch?.debounceMs,
    );
    this.visibility = new GroupVisibility(deps.me, (chatId, userId) => this.memberStatus(chatId, userId));
  }

  /** Handles one raw update. Never throws. */
  async handleUpdate(raw: unknown): Promise<void> {
    const { logger } = this.deps;
    // telegraf hands a poll's updates over in one synchronous run: count them; a full poll means more are waiting.
    if (this.handedOver++ === 0) {
      queueMicrotask(() => {
        if (this.handedOver >= TELEGRAM_POLL_LIMIT) this.backlog.mark();
        this.handedOver = 0;
      });
    }
    const update = parseUpdate(raw);
    if ("error" in update) {
      const updateId = (raw as { update_id?: unknown } | null)?.update_id;
      logger.warn("telegram update malformed", { ...update, updateId: typeof updateId === "number" ? updateId : null });
      return;
    }
    if (!(await this.firstTime(update.updateId))) {
      logger.debug("telegram update duplicate", { updateId: update.updateId });
      return;
    }
    // Updates are processed in the background, so a slow lookup or a group decision waiting for a rate-limit slot
    // never holds up polling; at most `maxInFlight` at once (backpressure on the poll loop beyond that).
    while (this.tasks.size >= (this.deps.maxInFlight ?? MAX_UPDATES_IN_FLIGHT)) await Promise.race(this.tasks);
    const task: Promise<void> = this.process(update).finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }

  /** Updates being processed. */
  get inFlight(): number {
    return this.tasks.size;
  }

  /** The error boundary of one update: an unexpected failure is logged (and apologised for in a private chat). */
  private async process(update: TgUpdate): Promise<void> {
    try {
      switch (update.kind) {
        case "message":
          await this.message(update.message);
          break;
        case "edited_message":
          await this.edited(update.message);
          break;
        case "callback_query":
          await handleCallbackQuery(this.deps, update.query);
          break;
        case "inline_query":
          await handleInlineQuery(this.deps, update.query);
          break;
        case "my_chat_member":
          await this.membership(update.change);
          break;
        case "other":
          break;
      }
    } catch (error) {
      this.deps.logger.error("telegram update failed", { updateId: update.updateId, kind: update.kind, ...errorFields(error) });
      if (update.kind === "message" && update.message.chat.type === "private") {
        const locale = chooseLocale({ userLocale: update.message.from?.language_code, defaultLocale: this.deps.defaultLocale });
        void this.send(String(update.message.chat.id), false, errorReply(locale));
      }
    }
  }

  /** Checks the private-chat batches still waiting and waits for them (graceful shutdown). */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.tasks]);
    await this.batcher.flushAll();
    await this.albums.flushAll();
  }

  /**
   * First sight of an update id, in this process (memory) and in any process on the data directory (SQLite). The
   * ids handed over in one synchronous run (a poll's batch) are written in one transaction: one commit per update
   * was the largest single cost of the soak at 1,000 updates/s (12 % of the process's CPU).
   */
  private firstTime(updateId: number): boolean | Promise<boolean> {
    if (!this.dedupe.firstTime(updateId)) return false;
    const durable = this.deps.durable;
    if (!durable) return true;
    if (!durable.inTransaction) return this.durableFirstTime(durable, [updateId])[0] ?? true;
    return new Promise<boolean>((resolve) => {
      this.idBatch.push({ updateId, resolve });
      if (this.idBatch.length === 1) queueMicrotask(() => this.flushIds(durable));
    });
  }

  private flushIds(durable: TelegramDurableState): void {
    const batch = this.idBatch.splice(0);
    let fresh: boolean[] = [];
    try {
      durable.inTransaction!(() => {
        fresh = this.durableFirstTime(durable, batch.map((b) => b.updateId), true);
      });
    } catch (error) {
      this.deps.logger.warn("telegram update log failed", errorFields(error));
      fresh = [];
    }
    batch.forEach((b, i) => b.resolve(fresh[i] ?? true));
  }

  /** Records the ids; an id whose write fails counts as fresh (better answered twice than never). */
  private durableFirstTime(durable: TelegramDurableState, ids: readonly number[], rethrow = false): boolean[] {
    try {
      return ids.map((id) => durable.state.firstTime(`telegram:update:${id}`));
    } catch (error) {
      if (rethrow) throw error;
      this.deps.logger.warn("telegram update log failed", errorFields(error));
      return ids.map(() => true);
    }
  }

  /**
   * Queues a reply for a chat. With the durable outbox the reply is stored first (a second reply with the same
   * `key` is not stored nor sent: `duplicate`), then sent; see `deliverStored`.
   */
  send(chatId: string, isGroup: boolean, reply: Reply, replyTo?: string | number, key?: string): Promise<DeliveryResult> {
    const durable = this.deps.durable;
    if (!durable) return this.enqueueReply(chatId, isGroup, reply, replyTo);
    let id: number | null;
    try {
      id = durable.outbox.put(
        {
          platform: "telegram",
          chatId,
          reply,
          isGroup,
          ...(key === undefined ? {} : { key }),
          ...(replyTo === undefined ? {} : { replyTo: String(replyTo) }),
        },
        durable.owner,
      );
    } catch (error) {
      this.deps.logger.warn("telegram outbox put failed", errorFields(error));
      return this.enqueueReply(chatId, isGroup, reply, replyTo);
    }
    if (id === null) return Promise.resolve({ ok: false, reason: "duplicate" });
    return this.deliverStored({ id, platform: "telegram", chatId, reply, isGroup, ...(replyTo === undefined ? {} : { replyTo: String(replyTo) }) });
  }

  /**
   * Sends an outbox item leased to this process: marked attempted right before the wire (a crash then never sends
   * it again), settled when sent or refused for good, released back to the outbox when the queue gave up on it.
   */
  deliverStored(item: OutboxItem): Promise<DeliveryResult> {
    const outbox = this.deps.durable?.outbox;
    const isGroup = item.isGroup ?? item.chatId.startsWith("-");
    if (!outbox) return this.enqueueReply(item.chatId, isGroup, item.reply, item.replyTo);
    return this.enqueueReply(item.chatId, isGroup, item.reply, item.replyTo, () => outbox.attempt(item.id)).then((result) => {
      try {
        if (result.ok) outbox.settle(item.id, "sent");
        else if (result.reason === "rejected") outbox.settle(item.id, "rejected");
        else outbox.release(item.id, result.reason === "stopped" ? 0 : Date.now() + (this.deps.outboxRetryMs ?? OUTBOX_RETRY_DELAY_MS));
      } catch (error) {
        this.deps.logger.warn("telegram outbox settle failed", errorFields(error));
      }
      return result;
    });
  }

  private enqueueReply(
    chatId: string,
    isGroup: boolean,
    reply: Reply,
    replyTo?: string | number,
    onAttempt?: () => void,
  ): Promise<DeliveryResult> {
    const message = renderReply(reply);
    return this.deps.delivery.enqueue({
      chatId,
      isGroup,
      method: "sendMessage",
      payload: {
        chat_id: wireChatId(chatId),
        ...message,
        ...(replyTo === undefined
          ? {}
          : { reply_parameters: { message_id: Number(replyTo), allow_sending_without_reply: true } }),
      },
      ...(onAttempt ? { onAttempt } : {}),
    });
  }

  private async message(message: TgMessage): Promise<void> {
    const kind = chatKind(message.chat);
    if (!kind) return;
    if (Date.now() - message.date * 1000 > BEHIND_AGE_MS) this.backlog.mark();
    if (kind === "dm" && !(await this.admitted(message))) return;
    // A forwarded post that happens to start with "/word" is a post to check, not a command.
    const command = message.forward_origin
      ? null
      : (parseCommand(message) ?? (kind === "group" ? mentionAsCheck(message, this.deps.me.username) : null));
    if (command) {
      if (command.addressedTo && command.addressedTo.toLowerCase() !== this.deps.me.username.toLowerCase()) return;
      const known = this.commandInfo.has(command.name);
      // An unknown command in a group, not addressed to us, is for another bot.
      if (known || kind === "dm" || command.addressedTo) await this.command(command, message, kind);
      return;
    }
    if (kind === "group" && this.stale(message)) return;
    const incoming = normalizeMessage(message, { botId: this.deps.me.id });
    if (!incoming) return;
    const images = this.imagesOf(message);
    if (images.length > 0) incoming.images = images;
    this.deps.logger.debug("telegram message", {
      chatKind: kind,
      textLength: incoming.post.text.length,
      textHash: createHash("sha256").update(incoming.post.text).digest("hex").slice(0, 12),
      forwarded: incoming.post.forwardOrigin !== undefined,
    });
    if (kind === "group") {
      if (message.media_group_id && images.length > 0) this.albums.add(message.media_group_id, incoming);
      else await this.group(incoming);
      return;
    }
    if (message.forward_origin || message.media_group_id) this.batcher.add(incoming);
    else await this.direct([incoming]);
  }

  /**
   * Load shedding: a group message older than `GROUP_SCREEN_MAX_AGE_MS` when its turn comes is not screened (counted in
   * `shedGroupMessages`, never silently). The bot is then behind; screening is best-effort and a reply to a group
   * conversation that has moved on helps little, while private chats, commands and buttons still need answers.
   * Skipping the lookup lets the bot catch up sooner.
   */
  private stale(message: TgMessage): boolean {
    const ageMs = Date.now() - message.date * 1000;
    if (ageMs <= GROUP_SCREEN_MAX_AGE_MS) return false;
    this.shed++;
    if (this.shed === 1 || this.shed % 1_000 === 0) this.deps.logger.warn("telegram group screening shed", { total: this.shed, ageMs });
    return true;
  }

  /** The still images of a message, fetched lazily through the Bot API (only if the runtime reads them). */
  private imagesOf(message: TgInnerMessage) {
    return this.deps.files ? telegramImages(message, this.deps.files, this.deps.imageLimits) : [];
  }

  /** A private chat's message(s): one lookup, one reply. */
  private async direct(messages: IncomingMessage[]): Promise<void> {
    const [first] = messages;
    if (!first) return;
    try {
      const checkable = messages.filter((m) => m.post.text.trim() !== "" || (m.post.urls?.length ?? 0) > 0 || (m.images?.length ?? 0) > 0);
      const [only] = checkable;
      const reply =
        checkable.length > 1
          ? await this.deps.runtime.handleDirectBatch(checkable)
          : await this.deps.runtime.handleDirect(only ?? first);
      void this.send(first.chat.id, false, reply, messages.length > 1 ? first.messageId : undefined, `telegram:${first.chat.id}:${first.messageId}`).then(
        (result) => {
          if (messages.length === 1) this.remember(first, { replyId: sentMessageId(result) });
        },
      );
    } catch (error) {
      this.deps.logger.error("telegram direct failed", { messages: messages.length, ...errorFields(error) });
      const locale = chooseLocale({ userLocale: first.sender.locale, defaultLocale: this.deps.defaultLocale });
      void this.send(first.chat.id, false, errorReply(locale));
    }
  }

  /** The flood check of a private message: false when it is dropped (the first one over the limit gets "slow down"). */
  private async admitted(message: TgMessage): Promise<boolean> {
    const { runtime } = this.deps;
    if (!runtime.admitDirect || !message.from) return true;
    const verdict = await runtime.admitDirect(toChatRef(message.chat, "dm"), toUserRef(message.from));
    if (verdict.kind === "ok") return true;
    if (verdict.kind === "slow-down") void this.send(String(message.chat.id), false, verdict.reply);
    return false;
  }

  /** Remembers what was seen of a message, for its later edits (bounded: the oldest are forgotten). */
  private remember(incoming: IncomingMessage, extra: { replyId?: number | undefined; acted?: boolean }): void {
    const key = `${incoming.chat.id}:${incoming.messageId}`;
    const entry = { hash: textHash(incoming.post.text), ...(extra.replyId === undefined ? {} : { replyId: extra.replyId }), ...(extra.acted ? { acted: true } : {}) };
    this.seen.delete(key);
    this.seen.set(key, entry);
    if (this.seen.size > EDIT_MEMORY_MAX) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  /**
   * An edited message. Private chat: checked again when its text changed, and our answer is edited in place (a new
   * answer when ours is unknown or cannot be edited). Group: only with auto-check on, never for a message already
   * acted on, and through the same policy (pre-filter, group-mode match, cooldown), so only an edit that adds a
   * checkable claim is answered. Channels are not served (like their posts).
   */
  private async edited(message: TgMessage): Promise<void> {
    const kind = chatKind(message.chat);
    if (!kind) return;
    const incoming = normalizeMessage(message, { botId: this.deps.me.id });
    if (!incoming || incoming.fromSelf || incoming.sender.isBot) return;
    const before = this.seen.get(`${incoming.chat.id}:${incoming.messageId}`);
    if (before && before.hash === textHash(incoming.post.text)) return;
    if (kind === "group") {
      if (before?.acted) return;
      const settings = await this.deps.runtime.getSettings(incoming.chat);
      if (!settings.autoCheck) return;
      await this.group(incoming);
      return;
    }
    if (!(await this.admitted(message))) return;
    const reply = await this.deps.runtime.handleDirect(incoming);
    if (before?.replyId !== undefined) {
      const result = await this.deps.delivery.enqueue({
        chatId: incoming.chat.id,
        isGroup: false,
        method: "editMessageText",
        payload: { chat_id: wireChatId(incoming.chat.id), message_id: before.replyId, ...renderReply(reply) },
      });
      if (result.ok) {
        this.remember(incoming, { replyId: before.replyId });
        return;
      }
    }
    const sent = await this.send(incoming.chat.id, false, reply, incoming.messageId, `telegram:${incoming.chat.id}:${incoming.messageId}:${message.date}:${textHash(incoming.post.text)}`);
    this.remember(incoming, { replyId: sentMessageId(sent) });
  }

  /** A group message: the runtime's policy decides; the adapter carries it out. */
  private async group(incoming: IncomingMessage): Promise<void> {
    const decision = await this.deps.runtime.handleGroup(incoming);
    this.remember(incoming, { acted: decision.kind !== "silent" });
    const chatId = incoming.chat.id;
    switch (decision.kind) {
      case "silent":
      case "log-only":
        return;
      case "reply":
        void this.send(chatId, true, decision.reply, incoming.messageId, `telegram:${chatId}:${incoming.messageId}`);
        return;
      case "react":
        void this.deps.delivery.enqueue({
          chatId,
          isGroup: true,
          method: "setMessageReaction",
          payload: {
            chat_id: wireChatId(chatId),
            message_id: Number(incoming.messageId),
            reaction: [{ type: "emoji", emoji: telegramReaction(decision.emoji) }],
          },
        });
        return;
      case "alert": {
        const link = messageLink(chatId, incoming.messageId);
        const reply: Reply = link
          ? { ...decision.reply, actions: [...decision.reply.actions, { kind: "link", label: incoming.chat.title ?? "↗", url: link }] }
          : decision.reply;
        void this.send(decision.logChatId, decision.logChatId.startsWith("-"), reply);
        return;
      }
    }
  }

  private async command(command: ParsedCommand, message: TgMessage, kind: "dm" | "group"): Promise<void> {
    const { runtime, defaultLocale } = this.deps;
    const chat = toChatRef(message.chat, kind);
    const from = message.from;
    const anonymousAdmin = message.sender_chat?.id === message.chat.id || from?.id === TELEGRAM_ANONYMOUS_ADMIN_ID;
    const info = this.commandInfo.get(command.name);
    let isAdmin: boolean | undefined;
    if (kind === "dm") isAdmin = true;
    else if (anonymousAdmin) isAdmin = true;
    else if (info?.access === "admin" && from) isAdmin = await this.isChatAdmin(chat.id, from.id);
    const user: UserRef =
      from && !anonymousAdmin
        ? toUserRef(from, isAdmin)
        : { id: String(message.sender_chat?.id ?? message.chat.id), isBot: false, ...(isAdmin ? { isAdmin } : {}) };
    // The runtime applies the chat's language setting itself; the reply says which locale it chose.
    const locale = chooseLocale({ userLocale: from?.language_code, defaultLocale });
    const replied = message.reply_to_message;
    const repliedTo = replied ? toPost(replied, from?.language_code) : undefined;
    const repliedImages = replied ? this.imagesOf(replied) : [];
    const ctx: CommandContext = { chat, user, locale, ...(repliedTo ? { repliedTo } : {}), ...(repliedImages.length > 0 ? { repliedImages } : {}) };
    const reply = await runtime.runCommand(command.name, { [RAW_ARGS_KEY]: command.args }, ctx);
    void this.send(chat.id, kind === "group", reply, kind === "group" ? message.message_id : undefined);

    if (kind === "group" && command.name === "settings" && isAdmin) {
      // Explain privacy mode to the admin who turns auto-check on while the bot cannot see ordinary messages.
      const after = await runtime.getSettings(chat).catch(() => undefined);
      if (after?.autoCheck && !(await this.visibility.seesAllMessages(chat.id))) {
        this.deps.logger.warn("telegram group not visible", { reason: "privacy-mode" });
        void this.send(chat.id, true, privacyNotice(reply.locale));
      }
    }
  }

  /** The bot was added to or removed from a group, or its rights changed. */
  private async membership(change: TgChatMemberUpdated): Promise<void> {
    if (change.new_chat_member.user.id !== this.deps.me.id || chatKind(change.chat) !== "group") return;
    const chatId = String(change.chat.id);
    this.visibility.forget(chatId);
    const wasIn = !["left", "kicked"].includes(change.old_chat_member.status);
    const isIn = !["left", "kicked"].includes(change.new_chat_member.status);
    this.deps.logger.info("telegram membership changed", { joined: !wasIn && isIn, left: wasIn && !isIn });
    if (!wasIn && isIn && !(await this.visibility.seesAllMessages(chatId))) {
      const locale = chooseLocale({ userLocale: change.from.language_code, defaultLocale: this.deps.defaultLocale });
      void this.send(chatId, true, privacyNotice(locale));
    }
  }

  private async isChatAdmin(chatId: string, userId: number): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const cached = this.admins.get(key);
    const ttl = this.deps.adminCacheMs ?? ADMIN_CACHE_MS;
    if (cached && Date.now() - cached.at < ttl) return cached.isAdmin;
    let isAdmin = false;
    try {
      const status = await this.memberStatus(chatId, userId);
      isAdmin = status === "creator" || status === "administrator";
    } catch (error) {
      this.deps.logger.warn("telegram admin check failed", { ...errorFields(error) });
      return false;
    }
    if (this.admins.size > 10_000) this.admins.clear();
    this.admins.set(key, { isAdmin, at: Date.now() });
    return isAdmin;
  }

  private async memberStatus(chatId: string, userId: number): Promise<string> {
    const member = (await this.deps.call("getChatMember", { chat_id: wireChatId(chatId), user_id: userId })) as {
      status?: unknown;
    };
    return typeof member?.status === "string" ? member.status : "unknown";
  }
}

function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** The message id of what `sendMessage` sent, when it was sent. */
function sentMessageId(result: DeliveryResult): number | undefined {
  const id = result.ok ? (result.result as { message_id?: unknown } | null)?.message_id : undefined;
  return typeof id === "number" ? id : undefined;
}

/** A link to a message of a supergroup (`https://t.me/c/<id>/<message>`); basic groups have none. */
export function messageLink(chatId: string, messageId: string): string | undefined {
  return chatId.startsWith("-100") ? `https://t.me/c/${chatId.slice(4)}/${messageId}` : undefined;
}
