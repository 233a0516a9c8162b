import { randomBytes } from "node:crypto";
import { ALL_COMMANDS } from "../../commands/index.ts";
import { SearchUnavailableError } from "../core/errors.ts";
import type { FactCheck } from "../core/factcheck.ts";
import { chooseLocale, t, toLocale } from "../core/i18n.ts";
import { silentLogger, type Logger } from "../core/logger.ts";
import type { Lookup, LookupFn, Mode, Post } from "../core/lookup-types.ts";
import type { Locale, Reply } from "../core/reply-types.ts";
import { errorReply, infoReply, renderReply, toReplyFactCheck } from "../core/render-reply.ts";
import type { SearchIndex } from "../core/search-index.ts";
import { normalizeText } from "../core/text.ts";
import type { IdHasher } from "../store/hash-key.ts";
import { applyRetention } from "../store/retention.ts";
import type { RuntimeStores } from "../store/runtime-stores.ts";
import { createCommandRegistry, parseRawArgs, RAW_ARGS_KEY, type CommandRegistry } from "./command-registry.ts";
import type { CommandServices } from "./command-types.ts";
import {
  chatKey,
  cooldownKey,
  decideGroup,
  DEFAULT_RATE_LIMITS,
  RATE_WINDOW_MS,
  screenGroupMessage,
  type RateLimits,
} from "./group-policy.ts";
import { Metrics } from "./metrics.ts";
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
/** Cooldown entries kept in memory before old ones are pruned. */
const COOLDOWN_PRUNE_AT = 10_000;
const PLATFORMS: readonly Platform[] = ["telegram", "discord", "console", "http"];

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
  /** Clock (Unix ms) and sleep, injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Run retention now and every `RETENTION_INTERVAL_MS` (default true). */
  retentionTimer?: boolean;
}

/** The runtime adapters use, plus what serve, the CLI and the ingest need. */
export interface BotRuntime extends Runtime {
  readonly metrics: Metrics;
  /** After an ingest: tells users whose open tips now match one of `newRecords` (all matches when empty). */
  notifyTipsMatching(newRecords: readonly FactCheck[]): Promise<number>;
  /** Resolves when every lookup in flight has finished. */
  drain(): Promise<void>;
  /** Stops timers. Does not close the database (the app owns it). */
  close(): void;
  /** Group decisions waiting for a rate-limit slot. */
  queueDepth(): number;
}

function newToken(): string {
  return randomBytes(12).toString("base64url");
}

function insertSorted(times: number[], value: number): void {
  let i = times.length;
  while (i > 0 && times[i - 1]! > value) i--;
  times.splice(i, 0, value);
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
  const cooldown = new Map<string, number>();
  const perChat = new Map<string, number[]>();
  const global: number[] = [];
  let queued = 0;
  const inFlight = new Set<Promise<unknown>>();

  metrics.gauge("claimbot_group_queue_depth", "Group decisions waiting for a rate-limit slot.", () => queued);
  metrics.gauge("claimbot_outbox_depth", "Outbox items not yet delivered.", () => stores.outbox.depth());

  const trendsTarget = parseChatAddress(deps.trendsAlert?.chat);
  if (deps.trendsAlert?.chat && !trendsTarget) logger.warn("trends alert chat ignored: expected platform:id");

  let timer: NodeJS.Timeout | undefined;
  const runRetention = () => {
    try {
      const deleted = applyRetention(stores.db, deps.retentionDays, now());
      logger.info("retention applied", deleted);
    } catch (error) {
      logger.error("retention failed", { err: String(error) });
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

  /** A lookup that never throws: an unreachable index becomes `rejected/search-unavailable`. */
  async function safeLookup(post: Post, mode: Mode): Promise<Lookup> {
    const started = performance.now();
    try {
      const lookup = await track(deps.lookup(post, mode));
      metrics.observeLookup(lookup.outcome, mode, (performance.now() - started) / 1000);
      logger.debug("lookup done", { mode, outcome: lookup.outcome, length: post.text.length, tookMs: lookup.tookMs });
      return lookup;
    } catch (error) {
      const unavailable = error instanceof SearchUnavailableError;
      metrics.inc("claimbot_errors_total", { where: unavailable ? "search-unavailable" : "lookup" });
      if (!unavailable) logger.error("lookup failed", { mode, err: error instanceof Error ? error.name : "unknown" });
      metrics.observeLookup("rejected", mode, (performance.now() - started) / 1000);
      return {
        outcome: "rejected",
        reason: "search-unavailable",
        mode,
        matches: [],
        candidates: [],
        query: { language: "und", cleanedLength: 0, queries: [], urls: [] },
        tookMs: Math.round(performance.now() - started),
      };
    }
  }

  function recordTrend(lookup: Lookup, post: Post, chat: ChatRef): void {
    if (lookup.outcome === "rejected") return;
    const top = lookup.matches[0];
    const text = normalizeText(post.text).toLowerCase();
    const key = top ? `fc:${top.factCheck.id}` : text ? `claim:${hashId(`claim:${text}`)}` : undefined;
    if (!key) return;
    try {
      const totals = stores.trends.record(key, chatHash(chat), now());
      const threshold = deps.trendsAlert?.threshold;
      if (trendsTarget && threshold && totals.chats >= threshold && stores.trends.claimAlert(totals.day, key)) {
        const locale = deps.defaultLocale;
        const body = t(locale, "trend.text", { chats: totals.chats, seen: totals.seen, key });
        const reply: Reply = top
          ? (() => {
              const primary = toReplyFactCheck(top, locale, new Date(now()));
              return { ...infoReply(locale, t(locale, "trend.title"), `${body}\n${primary.rating} — ${primary.publisher}: ${primary.claim} ${primary.url}`), primary };
            })()
          : infoReply(locale, t(locale, "trend.title"), body);
        stores.outbox.add(trendsTarget.platform, trendsTarget.chatId, reply, now());
        logger.info("trend alert queued", { chats: totals.chats });
      }
    } catch (error) {
      logger.error("trend record failed", { err: String(error) });
    }
  }

  function localeFor(chat: ChatRef, userLocale: string | undefined, lookup?: Lookup): Locale {
    return chooseLocale({
      chatLanguage: settingsOf(chat).language,
      userLocale,
      postLanguage: lookup?.query.language,
      defaultLocale: deps.defaultLocale,
    });
  }

  /** A person asked (DM, /check, inline): dm-mode lookup, reply with feedback (and tip in DMs after `none`). */
  async function answer(post: Post, chat: ChatRef, user: UserRef, hasMedia: boolean): Promise<Reply> {
    if (!post.text.trim() && (post.urls?.length ?? 0) === 0) {
      const locale = localeFor(chat, user.locale ?? post.locale);
      return hasMedia
        ? infoReply(locale, t(locale, "reply.empty.title"), t(locale, "reply.media-only"), "rejected")
        : renderReply(emptyLookup(), locale);
    }
    const lookup = await safeLookup(post, "dm");
    const locale = localeFor(chat, user.locale ?? post.locale, lookup);
    if (lookup.outcome === "rejected") return renderReply(lookup, locale, { now: new Date(now()) });
    const feedbackToken = newToken();
    stores.feedback.saveAnswer(feedbackToken, lookup, chatHash(chat), now());
    let tipToken: string | undefined;
    if (lookup.outcome === "none" && chat.kind === "dm" && chat.platform !== "http") {
      tipToken = newToken();
      const pending = { text: post.text, urls: post.urls ?? [], locale, platform: chat.platform, chatId: chat.id, userHash: userHash(user, chat.platform) };
      stores.pendingTips.put(tipToken, lookup.query.language !== "und" ? { ...pending, language: lookup.query.language } : pending, now());
    }
    recordTrend(lookup, post, chat);
    return renderReply(lookup, locale, { now: new Date(now()), feedbackToken, tipToken });
  }

  function emptyLookup(): Lookup {
    return { outcome: "rejected", reason: "empty", mode: "dm", matches: [], candidates: [], query: { language: "und", cleanedLength: 0, queries: [], urls: [] }, tookMs: 0 };
  }

  function reserveSlot(chat: string, at: number): void {
    const cutoff = now() - RATE_WINDOW_MS;
    const times = (perChat.get(chat) ?? []).filter((x) => x > cutoff);
    insertSorted(times, at);
    perChat.set(chat, times);
    while (global.length > 0 && global[0]! <= cutoff) global.shift();
    insertSorted(global, at);
  }

  function pruneCooldown(maxAgeMs: number): void {
    if (cooldown.size < COOLDOWN_PRUNE_AT) return;
    const cutoff = now() - maxAgeMs;
    for (const [key, time] of cooldown) if (time < cutoff) cooldown.delete(key);
    for (const [key, times] of perChat) if ((times[times.length - 1] ?? 0) < now() - RATE_WINDOW_MS) perChat.delete(key);
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
    const result = decideGroup({
      message,
      lookup,
      settings,
      cooldown,
      rate: { perChat, global, queued },
      now: now(),
      limits,
    });
    if (!result.act) {
      metrics.inc("claimbot_group_decisions_total", { kind: "silent" });
      return { kind: "silent", why: result.why };
    }
    const decidedAt = now();
    cooldown.set(cooldownKey(key, result.factCheckId), decidedAt);
    pruneCooldown(Math.max(settings.cooldownMinutes * 60_000, 24 * 60 * 60 * 1000));
    if (result.rated) reserveSlot(key, decidedAt + result.delayMs);
    const locale = chooseLocale({ chatLanguage: settings.language, postLanguage: lookup.query.language, defaultLocale: deps.defaultLocale });
    const feedbackToken = newToken();
    stores.feedback.saveAnswer(feedbackToken, lookup, chatHash(message.chat), decidedAt);
    const reply = renderReply(lookup, locale, { now: new Date(decidedAt), feedbackToken, brief: true });
    if (result.delayMs > 0) {
      queued++;
      try {
        await sleep(result.delayMs);
      } finally {
        queued--;
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
    check: (post, ctx) => answer(post, ctx.chat, ctx.user, false),
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
    if (def.scope !== "all" && def.scope !== ctx.chat.kind) {
      return infoReply(locale, `/${def.name}`, t(locale, "command.wrong-scope", { name: def.name, scope: t(locale, `scope.${def.scope}`) }), "error");
    }
    if (def.access === "admin" && ctx.user.isAdmin !== true) {
      logger.info("command refused", { command: def.name, chat: chatHash(ctx.chat) });
      return infoReply(locale, `/${def.name}`, t(locale, "command.refused", { name: def.name }), "error");
    }
    let raw: Record<string, unknown> = { ...options };
    const hasArgsOption = def.optionInfo.some((o) => o.name === RAW_ARGS_KEY);
    if (!hasArgsOption && RAW_ARGS_KEY in raw) {
      const text = raw[RAW_ARGS_KEY];
      delete raw[RAW_ARGS_KEY];
      if (typeof text === "string") {
        const parsedArgs = parseRawArgs(def, text);
        if (!parsedArgs.ok) return infoReply(locale, `/${def.name}`, t(locale, "command.bad-options", { name: def.name, problem: parsedArgs.problem }), "error");
        raw = { ...parsedArgs.options, ...raw };
      }
    }
    const parsed = def.options.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const problem = issue ? `${issue.path.join(".") || "options"}: ${issue.message}` : "invalid";
      return infoReply(locale, `/${def.name}`, t(locale, "command.bad-options", { name: def.name, problem }), "error");
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
    handleDirect: (message) => answer(message.post, message.chat, message.sender, message.hasMedia),
    async handleDirectBatch(messages) {
      const [first] = messages;
      if (!first) return renderReply(emptyLookup(), deps.defaultLocale);
      const texts = messages.map((m) => m.post.text.trim()).filter(Boolean);
      const urls = [...new Set(messages.flatMap((m) => m.post.urls ?? []))];
      const post: Post = { ...first.post, text: texts.join("\n\n"), urls };
      return answer(post, first.chat, first.sender, messages.some((m) => m.hasMedia));
    },
    handleGroup: (message) => track(group(message)),
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
    async notifyTipsMatching(newRecords) {
      const fresh = new Set(newRecords.map((r) => r.id));
      let notified = 0;
      for (const tip of stores.tips.open()) {
        const post: Post = { text: tip.text, urls: tip.urls, ...(tip.language ? { lang: tip.language } : {}) };
        const lookup = await safeLookup(post, "dm");
        const top = lookup.outcome === "match" ? lookup.matches[0] : undefined;
        if (!top || (fresh.size > 0 && !fresh.has(top.factCheck.id))) continue;
        if (!stores.tips.setNotified(tip.id, top.factCheck.id, now())) continue;
        const rendered = renderReply(lookup, tip.locale, { now: new Date(now()) });
        const reply: Reply = {
          ...rendered,
          title: t(tip.locale, "tip.matched.title"),
          text: `${t(tip.locale, "tip.matched.intro")}\n\n${rendered.text}`,
          actions: rendered.actions.filter((a) => a.kind === "link"),
        };
        stores.outbox.add(tip.platform, tip.chatId, reply, now());
        notified++;
      }
      if (notified > 0) logger.info("tip notifications queued", { count: notified });
      return notified;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    queueDepth: () => queued,
  };
  return runtime;
}

/** Parses `platform:chatId` (TRENDS_ALERT_CHAT); undefined when malformed. */
export function parseChatAddress(value: string | undefined): { platform: Platform; chatId: string } | undefined {
  if (!value) return undefined;
  const at = value.indexOf(":");
  const platform = value.slice(0, at) as Platform;
  const chatId = value.slice(at + 1);
  if (at <= 0 || !PLATFORMS.includes(platform) || !chatId) return undefined;
  return { platform, chatId };
}
