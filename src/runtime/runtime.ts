import { randomBytes } from "node:crypto";
import { ALL_COMMANDS } from "../../commands/index.ts";
import type { FactCheck } from "../core/factcheck.ts";
import { chooseLocale, t, toLocale } from "../core/i18n.ts";
import { silentLogger, type Logger } from "../core/logger.ts";
import type { Lookup, LookupFn, Post } from "../core/lookup-types.ts";
import type { Locale, Reply } from "../core/reply-types.ts";
import { errorReply, infoReply, renderReply, toReplyFactCheck } from "../core/render-reply.ts";
import type { SearchIndex } from "../core/search-index.ts";
import type { IdHasher } from "../store/hash-key.ts";
import { applyRetention } from "../store/retention.ts";
import type { RuntimeStores } from "../store/runtime-stores.ts";
import { createCommandRegistry, parseRawArgs, RAW_ARGS_KEY, type CommandRegistry } from "./command-registry.ts";
import { commandPath } from "./command-syntax.ts";
import type { CommandServices } from "./command-types.ts";
import { memoizeLookup } from "./lookup-memo.ts";
import { DEFAULT_DIRECT_FLOOD_LIMITS, slowDownReply, type DirectAdmissionResult, type DirectFloodLimits } from "./direct-flood.ts";
import {
  chatKey,
  cooldownKey,
  decideGroup,
  DEFAULT_RATE_LIMITS,
  RATE_WINDOW_MS,
  screenGroupMessage,
  type PolicyResult,
  type RateLimits,
} from "./group-policy.ts";
import { GroupState } from "./group-state.ts";
import { Metrics } from "./metrics.ts";
import { createSafeLookup, rejectedLookup } from "./safe-lookup.ts";
import { notifyMatchingTips } from "./tip-notify.ts";
import { createTrendRecorder } from "./trends.ts";
import type { Ocr } from "../core/ocr.ts";
import { imageProblemReply, noImageTextReply, withImageText } from "../core/image-reply.ts";
import type { ImageSource } from "./image-source.ts";
import { createImageReader, postWithImageText } from "./image-text.ts";
import type {
  ActionResult,
  ChatRef,
  ChatSettings,
  CommandContext,
  GroupDecision,
  IncomingMessage,
  OutboxItem,
  Platform,
  Runtime,
  UserRef,
} from "./types.ts";

/** Emoji of the `react` action. */
export const REACT_EMOJI = "⚠️";
/** How often retention runs while the bot is up (ms). */
export const RETENTION_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface RuntimeDeps {
  lookup: LookupFn;
  index: Pick<SearchIndex, "stats">;
  stores: RuntimeStores;
  /** Keyed hash of user and chat ids. */
  hashId: IdHasher;
  defaultLocale: Locale;
  retentionDays: number;
  /** `platform:chatId` that gets trend alerts, and the number of chats a claim must reach in a day. */
  trendsAlert?: { chat?: string | undefined; threshold: number };
  logger?: Logger;
  metrics?: Metrics;
  /** Command definitions; default: commands/index.ts. Validated at creation. */
  commands?: readonly unknown[];
  limits?: RateLimits;
  /** Identical posts within 30 s share one lookup (default true; see lookup-memo.ts). */
  memoizeLookups?: boolean;
  /** Private-chat flood limit per user (`admitDirect`). */
  directFlood?: DirectFloodLimits;
  /** Clock (Unix ms) and sleep, injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Run retention now and every `RETENTION_INTERVAL_MS` (default true). */
  retentionTimer?: boolean;
  /** Reads the text of images (unset: images are not read, only their captions). */
  ocr?: Ocr;
  /** Largest image downloaded for OCR (bytes; default 10 MB). */
  ocrMaxBytes?: number;
}

/** The runtime adapters use, plus what serve, the CLI and the ingest need. */
export interface BotRuntime extends Runtime {
  readonly metrics: Metrics;
  /** After an ingest: tells users whose open tips now match one of `newRecords` (all matches when empty). */
  notifyTipsMatching(newRecords: readonly FactCheck[]): Promise<number>;
  /** Resolves when every lookup in flight has finished. */
  drain(): Promise<void>;
  /** Stops timers and releases queued group decisions (they turn silent). Does not close the database. */
  close(): void;
  /** Group decisions waiting for a rate-limit slot. */
  queueDepth(): number;
  admitDirect(chat: ChatRef, user: UserRef): Promise<DirectAdmissionResult>;
}

function newToken(): string {
  return randomBytes(12).toString("base64url");
}

/** Builds the platform-neutral bot runtime (see `Runtime` in ./types.ts). */
export function createRuntime(deps: RuntimeDeps): BotRuntime {
  const logger = (deps.logger ?? silentLogger).child({ component: "runtime" });
  const metrics = deps.metrics ?? new Metrics();
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limits = deps.limits ?? DEFAULT_RATE_LIMITS;
  const { stores, hashId } = deps;
  const registry: CommandRegistry = createCommandRegistry(deps.commands ?? ALL_COMMANDS);
  const state = new GroupState();
  const inFlight = new Set<Promise<unknown>>();

  metrics.gauge("claimbot_group_queue_depth", "Group decisions waiting for a rate-limit slot.", () => state.queued);
  metrics.gauge("claimbot_outbox_depth", "Outbox items not yet delivered.", () => stores.outbox.depth());

  let timer: NodeJS.Timeout | undefined;
  // Resolved by close(): decisions waiting for a rate-limit slot give up instead of holding the shutdown.
  let wakeQueued: () => void = () => {};
  const closing = new Promise<"closing">((resolve) => (wakeQueued = () => resolve("closing")));
  let closed = false;
  const runRetention = () => {
    try {
      const deleted = applyRetention(stores.db, deps.retentionDays, now());
      stores.state.sweep(now());
      const total = Object.values(deleted).reduce((a, b) => a + b, 0);
      if (total > 0) logger.info("retention applied", deleted);
      else logger.debug("retention applied", deleted);
    } catch (error) {
      logger.error("retention failed", { err: error instanceof Error ? error.name : "unknown" });
    }
  };
  if (deps.retentionTimer !== false) {
    runRetention();
    timer = setInterval(runRetention, RETENTION_INTERVAL_MS);
    timer.unref();
  }

  const chatHash = (chat: ChatRef) => hashId(`chat:${chat.platform}:${chat.id}`);
  const userHash = (user: UserRef, platform: Platform) => hashId(`user:${platform}:${user.id}`);
  const settingsOf = (chat: ChatRef): ChatSettings => stores.settings.get(chatHash(chat));

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    const done = () => inFlight.delete(promise);
    promise.then(done, done);
    return promise;
  }

  const safeLookup = createSafeLookup({ lookup: deps.memoizeLookups === false ? deps.lookup : memoizeLookup(deps.lookup), metrics, logger, track });
  const trend = createTrendRecorder({ stores, hashId, alert: deps.trendsAlert, locale: deps.defaultLocale, now, logger });
  const recordTrend = (lookup: Lookup, post: Post, chat: ChatRef) => trend(lookup, post, chatHash(chat));

  function localeFor(chat: ChatRef, userLocale: string | undefined, lookup?: Lookup): Locale {
    return chooseLocale({
      chatLanguage: settingsOf(chat).language,
      userLocale,
      postLanguage: lookup?.query.language,
      defaultLocale: deps.defaultLocale,
    });
  }

  /** A person asked (DM, /check, inline): dm-mode lookup, reply with feedback (and tip in DMs after `none`). */
  async function answer(post: Post, chat: ChatRef, user: UserRef, hasMedia: boolean, imageKey?: string): Promise<Reply> {
    if (!post.text.trim() && (post.urls?.length ?? 0) === 0) {
      const locale = localeFor(chat, user.locale ?? post.locale);
      return hasMedia
        ? infoReply(locale, t(locale, "reply.empty.title"), t(locale, "reply.media-only"), "rejected")
        : renderReply(rejectedLookup("dm", "empty"), locale);
    }
    const lookup = imageKey && images ? await images.lookup(imageKey, post, "dm", () => safeLookup(post, "dm")) : await safeLookup(post, "dm");
    const locale = localeFor(chat, user.locale ?? post.locale, lookup);
    if (lookup.outcome === "rejected") return renderReply(lookup, locale, { now: new Date(now()) });
    const feedbackToken = newToken();
    stores.feedback.saveAnswer(feedbackToken, lookup, chatHash(chat), now());
    let tipToken: string | undefined;
    // No fact-check for exactly this post (`none`, or only similar ones: `related`): it may go to the fact-checkers.
    if ((lookup.outcome === "none" || lookup.outcome === "related") && chat.kind === "dm" && chat.platform !== "http") {
      tipToken = newToken();
      const pending = { text: post.text, urls: post.urls ?? [], locale, platform: chat.platform, chatId: chat.id, userHash: userHash(user, chat.platform) };
      stores.pendingTips.put(tipToken, lookup.query.language !== "und" ? { ...pending, language: lookup.query.language } : pending, now());
    }
    recordTrend(lookup, post, chat);
    return renderReply(lookup, locale, { now: new Date(now()), feedbackToken, tipToken });
  }

  const images = deps.ocr ? createImageReader({ ocr: deps.ocr, maxBytes: deps.ocrMaxBytes ?? 10 * 1024 * 1024, logger, now }) : undefined;
  if (images) {
    metrics.gauge("claimbot_ocr_images_read", "Images read by OCR (cache misses).", () => images.stats.images);
    metrics.gauge("claimbot_ocr_cache_hits", "Images answered from the OCR cache (same bytes seen before).", () => images.stats.cacheHits);
  }
  /** Whether images are read unasked in this chat: the chat's setting, else on in private chats, off in groups (CPU). */
  const ocrOn = (chat: ChatRef): boolean => images !== undefined && (settingsOf(chat).ocr ?? chat.kind === "dm");

  /** `answer`, with the text of the images read first (caption + image text looked up together). */
  async function answerWithImages(
    post: Post,
    chat: ChatRef,
    user: UserRef,
    hasMedia: boolean,
    sources?: readonly ImageSource[],
    /** A person asked about this message (/check, "Check this message"): read it whatever the chat's screening setting. */
    asked = false,
  ): Promise<Reply> {
    if (!images || !sources?.length || !(asked || ocrOn(chat))) return answer(post, chat, user, hasMedia || (sources?.length ?? 0) > 0);
    const read = await images.read(sources);
    if (!read.text) {
      // Nothing read: a caption is still checked on its own; otherwise say why.
      if (post.text.trim() || (post.urls?.length ?? 0) > 0) return answer(post, chat, user, hasMedia);
      const locale = localeFor(chat, user.locale ?? post.locale);
      const [problem] = read.problems;
      return read.read > 0 || !problem ? noImageTextReply(locale) : imageProblemReply(locale, problem);
    }
    return withImageText(await answer(postWithImageText(post, read), chat, user, hasMedia, read.key), read.text);
  }

  /** `group`, with the images read first when auto-check and OCR are on for the chat (never for bots or ourselves). */
  async function groupWithImages(message: IncomingMessage): Promise<GroupDecision> {
    const sources = message.images;
    if (!images || !sources?.length || !ocrOn(message.chat) || message.fromSelf || message.sender.isBot || !settingsOf(message.chat).autoCheck) {
      return group(message);
    }
    const read = await images.read(sources);
    if (!read.text) {
      if (message.post.text.trim()) return group(message);
      metrics.inc("claimbot_group_decisions_total", { kind: "silent" });
      return { kind: "silent", why: read.problems.length > 0 ? "image-unreadable" : "image-no-text" };
    }
    const decision = await group({ ...message, post: postWithImageText(message.post, read) });
    return decision.kind === "silent" ? decision : { ...decision, reply: withImageText(decision.reply, read.text) };
  }

  async function group(message: IncomingMessage): Promise<GroupDecision> {
    const settings = settingsOf(message.chat);
    const screened = screenGroupMessage(message, settings);
    if (screened) {
      metrics.inc("claimbot_group_decisions_total", { kind: "silent" });
      return { kind: "silent", why: screened };
    }
    const lookup = await safeLookup(message.post, "group");
    recordTrend(lookup, message.post, message.chat);
    const key = chatKey(message);
    const decidedAt = now();
    const topId = lookup.outcome === "match" ? lookup.matches[0]?.factCheck.id : undefined;
    // Cooldown and rate windows live in the shared SQLite file: read, decide and reserve in one write transaction,
    // so two processes on one data directory never both act, and a restart forgets nothing.
    const result = stores.state.decide<PolicyResult>(chatHash(message.chat), topId, decidedAt, RATE_WINDOW_MS, (view) => {
      const decided: PolicyResult = decideGroup({
        message,
        lookup,
        settings,
        cooldown: new Map(topId !== undefined && view.cooldownAt !== undefined ? [[cooldownKey(key, topId), view.cooldownAt]] : []),
        rate: { perChat: new Map([[key, view.perChat]]), global: view.global, queued: state.queued },
        now: decidedAt,
        limits,
      });
      if (!decided.act) return { result: decided };
      return { result: decided, commit: { cooldownAt: decidedAt, ...(decided.rated ? { slotAt: decidedAt + decided.delayMs } : {}) } };
    });
    if (!result.act) {
      metrics.inc("claimbot_group_decisions_total", { kind: "silent" });
      return { kind: "silent", why: result.why };
    }
    const locale = chooseLocale({ chatLanguage: settings.language, postLanguage: lookup.query.language, defaultLocale: deps.defaultLocale });
    const feedbackToken = newToken();
    stores.feedback.saveAnswer(feedbackToken, lookup, chatHash(message.chat), decidedAt);
    const reply = renderReply(lookup, locale, { now: new Date(decidedAt), feedbackToken, brief: true });
    if (result.delayMs > 0) {
      state.queued++;
      try {
        await Promise.race([sleep(result.delayMs), closing]);
      } finally {
        state.queued--;
      }
      if (closed) {
        metrics.inc("claimbot_group_decisions_total", { kind: "silent" });
        return { kind: "silent", why: "shutting-down" };
      }
    }
    metrics.inc("claimbot_group_decisions_total", { kind: result.kind });
    switch (result.kind) {
      case "reply":
        return { kind: "reply", reply };
      case "react":
        return { kind: "react", emoji: REACT_EMOJI, reply };
      case "alert":
        return { kind: "alert", logChatId: result.logChatId ?? "", reply };
      case "log-only":
        logger.info("group match logged", { chat: chatHash(message.chat), factCheck: result.factCheckId });
        return { kind: "log-only", reply };
    }
  }

  const services = (): CommandServices => ({
    check: (post, ctx, sources) => answerWithImages(post, ctx.chat, ctx.user, false, sources, true),
    indexStats: () => deps.index.stats(),
    getSettings: async (chat) => settingsOf(chat),
    updateSettings: async (chat, patch) => stores.settings.update(chatHash(chat), patch, now()),
    clearSetting: async (chat, key) => stores.settings.update(chatHash(chat), { [key]: undefined }, now()),
    commands: () => registry.infos(),
    retentionDays: deps.retentionDays,
  });

  async function runCommand(name: string, options: Record<string, unknown>, ctx: CommandContext): Promise<Reply> {
    const chatLanguage = toLocale(settingsOf(ctx.chat).language);
    const locale = chatLanguage ?? ctx.locale;
    const def = registry.get(name.replace(/^\//, "").replace(/@.*$/, ""));
    const safeName = name.replace(/[^a-z0-9_]/gi, "").slice(0, 32);
    if (!def) return infoReply(locale, "claimbot", t(locale, "command.unknown", { name: safeName }), "error");
    const command = commandPath(ctx.chat.platform, def);
    const onDiscord = ctx.chat.platform === "discord";
    if (def.scope !== "all" && def.scope !== ctx.chat.kind) {
      const scope = t(locale, onDiscord ? `scope.${def.scope}.discord` : `scope.${def.scope}`);
      return infoReply(locale, command, t(locale, "command.wrong-scope", { command, scope }), "error");
    }
    if (def.access === "admin" && ctx.user.isAdmin !== true) {
      logger.info("command refused", { command: def.name, chat: chatHash(ctx.chat) });
      return infoReply(locale, command, t(locale, onDiscord ? "command.refused.discord" : "command.refused", { command }), "error");
    }
    let raw: Record<string, unknown> = { ...options };
    const hasArgsOption = def.optionInfo.some((o) => o.name === RAW_ARGS_KEY);
    if (!hasArgsOption && RAW_ARGS_KEY in raw) {
      const text = raw[RAW_ARGS_KEY];
      delete raw[RAW_ARGS_KEY];
      if (typeof text === "string") {
        const parsedArgs = parseRawArgs(def, text);
        if (!parsedArgs.ok) return infoReply(locale, command, t(locale, "command.bad-options", { command, problem: parsedArgs.problem }), "error");
        raw = { ...parsedArgs.options, ...raw };
      }
    }
    const parsed = def.options.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const problem = issue ? `${issue.path.join(".") || "options"}: ${issue.message}` : "invalid";
      return infoReply(locale, command, t(locale, "command.bad-options", { command, problem }), "error");
    }
    try {
      return await track(Promise.resolve(def.run({ ...ctx, locale, options: parsed.data, services: services() })));
    } catch (error) {
      metrics.inc("claimbot_errors_total", { where: "command" });
      logger.error("command failed", { command: def.name, err: error instanceof Error ? error.name : "unknown" });
      return errorReply(locale);
    }
  }

  function userLocale(user: UserRef): Locale {
    return toLocale(user.locale) ?? deps.defaultLocale;
  }

  const runtime: BotRuntime = {
    metrics,
    handleDirect: (message) => answerWithImages(message.post, message.chat, message.sender, message.hasMedia, message.images),
    async handleDirectBatch(messages) {
      const [first] = messages;
      if (!first) return renderReply(rejectedLookup("dm", "empty"), deps.defaultLocale);
      const texts = messages.map((m) => m.post.text.trim()).filter(Boolean);
      const urls = [...new Set(messages.flatMap((m) => m.post.urls ?? []))];
      const post: Post = { ...first.post, text: texts.join("\n\n"), urls };
      return answerWithImages(post, first.chat, first.sender, messages.some((m) => m.hasMedia), messages.flatMap((m) => m.images ?? []));
    },
    handleGroup: (message) => track(groupWithImages(message)),
    runCommand,
    commands: () => registry.infos(),
    async recordFeedback(token, value, user) {
      const locale = userLocale(user);
      // The platform is not known here; the user hash only keeps one vote per user and answer.
      const ok = stores.feedback.record(token, hashId(`user:${user.id}`), value, now());
      return { ok, message: t(locale, ok ? "feedback.thanks" : "feedback.expired") };
    },
    async submitTip(token, user, chat): Promise<ActionResult> {
      const locale = userLocale(user);
      const pending = stores.pendingTips.take(token, now());
      if (!pending || pending.userHash !== userHash(user, chat.platform)) {
        return { ok: false, message: t(locale, "tip.expired") };
      }
      stores.tips.add(pending, now());
      logger.info("tip stored", { chat: chatHash(chat), length: pending.text.length });
      return { ok: true, message: t(pending.locale, "tip.thanks") };
    },
    async inlineLookup(text, user, limit) {
      const post: Post = { text, ...(user.locale ? { locale: user.locale } : {}) };
      const lookup = await safeLookup(post, "dm");
      const locale = chooseLocale({ userLocale: user.locale, postLanguage: lookup.query.language, defaultLocale: deps.defaultLocale });
      const reply = renderReply(lookup, locale, { now: new Date(now()) });
      if (lookup.outcome === "match") {
        reply.related = lookup.matches.slice(1, Math.max(1, limit)).map((m) => toReplyFactCheck(m, locale, new Date(now())));
      } else if (lookup.outcome === "related") {
        reply.related = lookup.matches.slice(0, Math.max(0, limit)).map((m) => toReplyFactCheck(m, locale, new Date(now())));
      }
      return reply;
    },
    getSettings: async (chat) => settingsOf(chat),
    takeOutbox: async (platform, limit): Promise<OutboxItem[]> => stores.outbox.take(platform, limit, now()),
    ackOutbox: async (ids) => stores.outbox.acknowledge(ids, now()),
    notifyTipsMatching: (newRecords: readonly FactCheck[]) =>
      notifyMatchingTips({ stores, lookup: safeLookup, now, logger }, newRecords),
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close() {
      closed = true;
      wakeQueued();
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    queueDepth: () => state.queued,
    async admitDirect(chat, user): Promise<DirectAdmissionResult> {
      const flood = deps.directFlood ?? DEFAULT_DIRECT_FLOOD_LIMITS;
      const verdict = stores.state.admitDirect(userHash(user, chat.platform), now(), flood.perWindow, flood.windowMs);
      if (verdict === "ok") return { kind: "ok" };
      // A flood is the limit working, not an error: its own counter.
      metrics.inc("claimbot_direct_flood_total", { verdict });
      logger.info("direct flood", { chat: chatHash(chat), verdict });
      if (verdict === "throttled") return { kind: "throttled" };
      return { kind: "slow-down", reply: slowDownReply(localeFor(chat, user.locale)) };
    },
  };
  return runtime;
}
