import type { FactCheck } from "../../../src/core/factcheck.ts";
import type { Reply, ReplyFactCheck } from "../../../src/core/reply-types.ts";
import type {
  ActionResult,
  ChatRef,
  ChatSettings,
  CommandContext,
  CommandInfo,
  GroupDecision,
  IncomingMessage,
  Runtime,
  UserRef,
} from "../../../src/runtime/types.ts";
import { RecordingRuntime } from "../../support/recording-runtime.ts";
import { loadSeedFactCheck } from "../../support/seed.ts";

/** The seed fact-check (AFP, North Korean troops). */
export const SEED: FactCheck = loadSeedFactCheck();

/** The claim as a post would carry it, with characters that must be escaped in HTML. */
export const SEED_POST =
  "[Breaking] Russian state media reported that North Korea has decided to send troops to Ukraine <to support> Russia & co";

function matches(text: string): boolean {
  const t = text.toLowerCase();
  return t.includes("north korea") && t.includes("troops") && t.includes("ukraine");
}

function seedFactCheck(): ReplyFactCheck {
  return {
    id: SEED.id,
    rating: SEED.rating,
    verdict: SEED.verdict,
    verdictLabel: "misleading",
    claim: SEED.claim,
    publisher: SEED.publisher.name,
    date: SEED.reviewDate,
    old: true,
    url: SEED.url,
    score: 0.97,
    matchedTerms: ["north", "korea", "troops", "ukraine"],
  };
}

/**
 * A small hand-written `Runtime` (a fake at the port boundary) for adapter tests: a post mentioning North Korea,
 * troops and Ukraine matches the seed fact-check; group policy = auto-check flag + cooldown; `/settings` is
 * admin-only. It records what the adapter asked.
 */
export class FakeRuntime extends RecordingRuntime implements Runtime {
  readonly settings = new Map<string, ChatSettings>();
  /** Throw from handleDirect for posts containing this text (error-boundary tests). */
  explodeOn = "💥";
  /** Group replies for every matching message, ignoring the cooldown (burst tests). */
  noCooldown = false;

  /** The first argument of every call of `method` (`runCommand` is recorded as one `{name, options, ctx}`). */
  callsOf(method: string): unknown[] {
    return this.of(method).map((args) => args[0]);
  }

  private answer(text: string, mode: "dm" | "group", origin?: string): Reply {
    if (matches(text)) {
      const primary = seedFactCheck();
      const from = origin ? `\nForwarded from: ${origin}` : "";
      return {
        kind: "match",
        locale: "en",
        title: `${primary.rating} — ${primary.publisher}`,
        text: `A fact-checker has reviewed this claim.\nRating: ${primary.rating} (${primary.verdictLabel})\nClaim checked: ${primary.claim}\nRead it: ${primary.url}${from}`,
        primary,
        related: [],
        actions: [
          { kind: "link", label: "Open fact-check", url: primary.url },
          { kind: "feedback", value: "helpful", label: "👍 Helpful", token: `fb-${mode}-1` },
          { kind: "feedback", value: "wrong", label: "👎 Wrong match", token: `fb-${mode}-1` },
        ],
      };
    }
    return {
      kind: "none",
      locale: "en",
      title: "No fact-check found",
      text: "I found no fact-check for this claim.",
      related: [],
      actions: mode === "dm" ? [{ kind: "tip", label: "Send as a tip", token: "tip-1" }] : [],
    };
  }

  async handleDirect(message: IncomingMessage): Promise<Reply> {
    this.record("handleDirect", message);
    if (message.post.text.includes(this.explodeOn)) throw new Error("boom");
    if (!message.post.text.trim() && message.hasMedia) {
      return { kind: "info", locale: "en", title: "Only text", text: "Only text can be checked for now.", related: [], actions: [] };
    }
    return this.answer(message.post.text, "dm", message.post.forwardOrigin?.name);
  }

  async handleDirectBatch(messages: readonly IncomingMessage[]): Promise<Reply> {
    this.record("handleDirectBatch", messages);
    return this.answer(messages.map((m) => m.post.text).join("\n"), "dm");
  }

  async handleGroup(message: IncomingMessage): Promise<GroupDecision> {
    this.record("handleGroup", message);
    const settings = await this.getSettings(message.chat);
    if (message.fromSelf || message.sender.isBot) return { kind: "silent", why: "bot" };
    if (!settings.autoCheck) return { kind: "silent", why: "auto-check off" };
    if (!matches(message.post.text)) return { kind: "silent", why: "no match" };
    const fresh = this.noCooldown || this.offCooldown(`${message.chat.id}:${SEED.id}`, message.date, settings.cooldownMinutes);
    if (!fresh) return { kind: "silent", why: "cooldown" };
    const reply = this.answer(message.post.text, "group");
    if (settings.action === "react") return { kind: "react", emoji: "⚠️", reply };
    if (settings.action === "alert" && settings.logChatId) return { kind: "alert", logChatId: settings.logChatId, reply };
    return { kind: "reply", reply };
  }

  async runCommand(name: string, options: Record<string, unknown>, ctx: CommandContext): Promise<Reply> {
    this.record("runCommand", { name, options, ctx });
    const info = (text: string, kind: "info" | "error" = "info"): Reply => ({
      kind,
      locale: ctx.locale,
      title: `/${name}`,
      text,
      related: [],
      actions: [],
    });
    if (name === "settings") {
      if (!ctx.user.isAdmin) return info("Only the group's admins can change its settings.", "error");
      const args = String(options.args ?? "");
      const current = await this.getSettings(ctx.chat);
      if (/auto_check\s+on/.test(args)) this.settings.set(ctx.chat.id, { ...current, autoCheck: true });
      if (/auto_check\s+off/.test(args)) this.settings.set(ctx.chat.id, { ...current, autoCheck: false });
      return info(`Auto-check: ${(await this.getSettings(ctx.chat)).autoCheck ? "on" : "off"}`);
    }
    if (name === "check") {
      const text = String(options.args ?? "") || ctx.repliedTo?.text || "";
      return this.answer(text, "dm");
    }
    return info(`${name} help text`);
  }

  commands(): readonly CommandInfo[] {
    const d = (en: string) => ({ en, ko: `${en} (ko)` });
    return [
      { name: "start", description: d("Start"), options: [], access: "anyone", scope: "dm" },
      { name: "help", description: d("Help"), options: [], access: "anyone", scope: "all" },
      { name: "check", description: d("Check a claim"), options: [], access: "anyone", scope: "all" },
      { name: "settings", description: d("Group settings (admins)"), options: [], access: "admin", scope: "group" },
      { name: "privacy", description: d("What is stored"), options: [], access: "anyone", scope: "all" },
    ];
  }

  async recordFeedback(token: string, value: "helpful" | "wrong", user: UserRef): Promise<ActionResult> {
    this.record("recordFeedback", { token, value, user });
    return { ok: true, message: "Thanks for the feedback!" };
  }

  async submitTip(token: string, user: UserRef, chat: ChatRef): Promise<ActionResult> {
    this.record("submitTip", { token, user, chat });
    return { ok: true, message: "Sent to fact-checkers." };
  }

  async inlineLookup(text: string, user: UserRef, limit: number): Promise<Reply> {
    this.record("inlineLookup", { text, user, limit });
    return this.answer(text, "dm");
  }

  async getSettings(chat: ChatRef): Promise<ChatSettings> {
    return (
      this.settings.get(chat.id) ?? {
        autoCheck: false,
        sensitivity: "normal",
        action: "reply",
        cooldownMinutes: 60,
        minLength: 20,
      }
    );
  }
}
