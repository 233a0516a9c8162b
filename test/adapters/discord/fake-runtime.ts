import type { FactCheck } from "../../../src/core/factcheck.ts";
import { infoReply, renderReply } from "../../../src/core/render-reply.ts";
import type { Locale, Reply } from "../../../src/core/reply-types.ts";
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
export function seedFactCheck(): FactCheck {
  return loadSeedFactCheck();
}

/**
 * A hand-written Runtime for the adapter's own tests (a fake at the port boundary): it "matches" any text naming
 * North Korea to the seed record, applies a tiny cooldown policy, and records every call so tests can assert what
 * the adapter passed in.
 */
export class FakeRuntime extends RecordingRuntime implements Runtime {
  settings: ChatSettings = { autoCheck: true, sensitivity: "normal", action: "reply", cooldownMinutes: 60, minLength: 10 };
  /** `runCommand` waits this long first (a slow lookup). */
  delayMs = 0;
  /** When set, `runCommand` throws it (error-boundary tests). */
  failNext: Error | undefined;
  private readonly seed = seedFactCheck();

  reply(text: string, locale: Locale): Reply {
    if (!/north korea|북한/i.test(text)) return renderReply({ outcome: "none", mode: "dm", matches: [], candidates: [], query: { language: "en", cleanedLength: text.length, queries: [], urls: [] }, tookMs: 1 }, locale, { feedbackToken: "fbtok" });
    return renderReply(
      {
        outcome: "match",
        mode: "dm",
        matches: [{ factCheck: this.seed, score: 0.97, backendScore: 12, matchedTerms: ["north", "korea", "troops"], urlHit: false }],
        candidates: [],
        query: { language: "en", cleanedLength: text.length, queries: [], urls: [] },
        tookMs: 1,
      },
      locale,
      { feedbackToken: "fbtok" },
    );
  }

  async handleDirect(message: IncomingMessage): Promise<Reply> {
    this.record("handleDirect", message);
    return this.reply(message.post.text, "en");
  }
  async handleDirectBatch(messages: readonly IncomingMessage[]): Promise<Reply> {
    this.record("handleDirectBatch", messages);
    return this.reply(messages.map((m) => m.post.text).join("\n"), "en");
  }
  async handleGroup(message: IncomingMessage): Promise<GroupDecision> {
    this.record("handleGroup", message);
    if (message.fromSelf || message.sender.isBot) return { kind: "silent", why: "bot" };
    if (!this.settings.autoCheck) return { kind: "silent", why: "off" };
    const reply = this.reply(message.post.text, "en");
    if (reply.kind !== "match") return { kind: "silent", why: "no-match" };
    const key = `${message.chat.id}:${reply.primary?.id}`;
    if (!this.offCooldown(key, message.date, this.settings.cooldownMinutes)) return { kind: "silent", why: "cooldown" };
    switch (this.settings.action) {
      case "reply":
        return { kind: "reply", reply };
      case "react":
        return { kind: "react", emoji: "⚠️", reply };
      case "alert":
        return { kind: "alert", logChatId: this.settings.logChatId ?? "0", reply };
      case "log-only":
        return { kind: "log-only", reply };
    }
  }
  async runCommand(name: string, options: Record<string, unknown>, ctx: CommandContext): Promise<Reply> {
    this.record("runCommand", name, options, ctx);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    if (name === "check") {
      const text = typeof options.text === "string" ? options.text : (ctx.repliedTo?.text ?? "");
      return this.reply(text, ctx.locale);
    }
    if (name === "settings") {
      if (!ctx.user.isAdmin) return infoReply(ctx.locale, "/settings", "Only chat admins can use /settings.", "error");
      return infoReply(ctx.locale, "Settings", JSON.stringify(this.settings));
    }
    return infoReply(ctx.locale, name, `${name} text`);
  }
  commands(): readonly CommandInfo[] {
    return [
      { name: "check", description: { en: "Check a claim", ko: "주장 확인" }, options: [{ name: "text", description: { en: "Claim", ko: "주장" }, type: "string", required: false }], access: "anyone", scope: "all" },
      { name: "help", description: { en: "Help", ko: "도움말" }, options: [], access: "anyone", scope: "all" },
      { name: "start", description: { en: "Start", ko: "시작" }, options: [], access: "anyone", scope: "dm" },
      {
        name: "settings",
        description: { en: "Settings", ko: "설정" },
        options: [
          { name: "auto_check", description: { en: "on/off", ko: "켜기/끄기" }, type: "boolean", required: false },
          { name: "action", description: { en: "action", ko: "동작" }, type: "string", required: false, choices: ["reply", "react", "alert", "log-only"] },
          { name: "log_chat", description: { en: "log chat", ko: "기록" }, type: "string", required: false },
        ],
        access: "admin",
        scope: "group",
      },
    ];
  }
  async recordFeedback(token: string, value: "helpful" | "wrong", user: UserRef): Promise<ActionResult> {
    this.record("recordFeedback", token, value, user);
    return { ok: true, message: "Thanks for your feedback." };
  }
  async submitTip(token: string, user: UserRef, chat: ChatRef): Promise<ActionResult> {
    this.record("submitTip", token, user, chat);
    return { ok: true, message: "Tip sent." };
  }
  async inlineLookup(text: string): Promise<Reply> {
    return this.reply(text, "en");
  }
  async getSettings(): Promise<ChatSettings> {
    return this.settings;
  }
}
