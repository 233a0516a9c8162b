import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { toLocale } from "../../core/i18n.ts";
import type { Locale, Reply } from "../../core/reply-types.ts";
import type { SearchIndex } from "../../core/search-index.ts";
import type { BotRuntime } from "../../runtime/runtime.ts";
import type { ChatRef, GroupDecision, IncomingMessage, UserRef } from "../../runtime/types.ts";
import { fileImageSource } from "../../runtime/image-source.ts";

/** The simulated chats of the console. */
export const CONSOLE_DM: ChatRef = { platform: "console", id: "local", kind: "dm" };
export const CONSOLE_GROUP: ChatRef = { platform: "console", id: "local-group", kind: "group", title: "Simulated group" };

export interface ConsoleDeps {
  runtime: BotRuntime;
  index: Pick<SearchIndex, "count" | "backend">;
  defaultLocale: Locale;
  input: Readable;
  output: Writable;
  /** Show a prompt (interactive terminal). Default: `input.isTTY`. */
  interactive?: boolean;
  /** The console user's locale (BCP-47), e.g. from LANG. */
  userLocale?: string;
}

const CONSOLE_HELP = `Console commands:
  <text>            check a post (paste it on one line), or in group mode: a message in the simulated group
  /image <path> [caption]   check a screenshot or photo (its text is read, then looked up with the caption)
  /group on|off     simulated group: lines become group messages screened by the moderation policy
  /helpful /wrong   feedback on the last answer        /tip   send the last "none" post as a tip
  /quit             leave (Ctrl-D works too)
Bot commands (as users see them):`;

function formatReply(reply: Reply): string {
  const lines = [`── ${reply.title} ──`, reply.text];
  const buttons = reply.actions.map((a) => (a.kind === "link" ? `[${a.label}: ${a.url}]` : `[${a.label}]`));
  if (buttons.length > 0) lines.push(buttons.join(" "));
  return lines.join("\n");
}

function formatDecision(decision: GroupDecision): string {
  switch (decision.kind) {
    case "silent":
      return `(silent: ${decision.why})`;
    case "reply":
      return `[bot replies in the group]\n${formatReply(decision.reply)}`;
    case "react":
      return `[bot reacts ${decision.emoji} to the message: ${decision.reply.title}]`;
    case "alert":
      return `[bot alerts the moderators' log chat ${decision.logChatId}]\n${formatReply(decision.reply)}`;
    case "log-only":
      return `[logged only, nothing sent: ${decision.reply.title}]`;
  }
}

/**
 * The local chat of `npm start`: paste a post and see the reply as a user would; run any command of commands/
 * (`/check …`, `/about`, `/settings …`); `/group on` simulates a moderated group so the policy can be watched
 * without a platform token. Works on a terminal and on piped stdin; resolves at EOF or `/quit`.
 */
export async function runConsole(deps: ConsoleDeps): Promise<void> {
  const { runtime, output } = deps;
  const interactive = deps.interactive ?? Boolean((deps.input as Readable & { isTTY?: boolean }).isTTY);
  const say = (text: string) => output.write(`${text}\n`);
  const user: UserRef = { id: "console-user", isBot: false, isAdmin: true, locale: deps.userLocale ?? deps.defaultLocale };
  const locale = toLocale(user.locale) ?? deps.defaultLocale;
  let groupMode = false;
  let last: Reply | undefined;
  let counter = 0;

  const count = await deps.index.count().catch(() => -1);
  say(`claimbot console — ${count >= 0 ? `${count} fact-checks` : "index unreachable"} (${deps.index.backend}).`);
  say("Paste a post to check it. /help lists commands, /group on simulates a group, /quit leaves.");

  const rl = createInterface({ input: deps.input, output, terminal: interactive, crlfDelay: Infinity });
  if (interactive) {
    rl.setPrompt("> ");
    rl.prompt();
  }

  const message = (text: string, chat: ChatRef): IncomingMessage => ({
    chat,
    sender: user,
    messageId: String(++counter),
    fromSelf: false,
    post: { text, ...(user.locale ? { locale: user.locale } : {}) },
    hasMedia: false,
    date: Date.now(),
  });

  async function deliverOutbox(): Promise<void> {
    const items = await runtime.takeOutbox("console", 10);
    for (const item of items) say(`[notification to ${item.chatId}]\n${formatReply(item.reply)}`);
    if (items.length > 0) await runtime.ackOutbox(items.map((i) => i.id));
  }

  async function handle(line: string): Promise<boolean> {
    const text = line.trim();
    if (!text) return true;
    if (!text.startsWith("/")) {
      if (groupMode) {
        say(formatDecision(await runtime.handleGroup(message(text, CONSOLE_GROUP))));
      } else {
        last = await runtime.handleDirect(message(text, CONSOLE_DM));
        say(formatReply(last));
      }
      return true;
    }
    const [head = "", ...rest] = text.slice(1).split(/\s+/);
    const name = head.toLowerCase();
    const args = text.slice(1 + head.length).trim();
    const chat = groupMode ? CONSOLE_GROUP : CONSOLE_DM;
    switch (name) {
      case "quit":
      case "exit":
        return false;
      case "group": {
        const on = rest[0]?.toLowerCase();
        if (on !== "on" && on !== "off") {
          say(`Group mode is ${groupMode ? "on" : "off"}. Use /group on or /group off.`);
          return true;
        }
        groupMode = on === "on";
        if (groupMode) {
          const settings = await runtime.getSettings(CONSOLE_GROUP);
          if (!settings.autoCheck) await runtime.runCommand("settings", { auto_check: true }, { chat: CONSOLE_GROUP, user, locale });
          const now = await runtime.getSettings(CONSOLE_GROUP);
          say(
            `Group mode on: lines are messages in a simulated group with auto-check on (sensitivity ${now.sensitivity}, ` +
              `action ${now.action}, cooldown ${now.cooldownMinutes} min). The bot stays silent unless it is sure. ` +
              "Tune it with /settings, e.g. /settings action react.",
          );
        } else {
          say("Group mode off: lines are private messages to the bot again.");
        }
        return true;
      }
      case "helpful":
      case "wrong": {
        const action = last?.actions.find((a) => a.kind === "feedback");
        if (!action || action.kind !== "feedback") say("No answer to give feedback on yet.");
        else say((await runtime.recordFeedback(action.token, name, user)).message);
        return true;
      }
      case "tip": {
        const action = last?.actions.find((a) => a.kind === "tip");
        if (!action) say('The last answer offers no tip (tips follow a "none" in a private chat).');
        else say((await runtime.submitTip(action.token, user, CONSOLE_DM)).message);
        return true;
      }
      case "image": {
        const [path, ...caption] = rest;
        if (!path) {
          say("Usage: /image <path to a PNG, JPEG, GIF, WebP or BMP file> [caption]");
          return true;
        }
        const incoming: IncomingMessage = { ...message(caption.join(" "), chat), hasMedia: true, images: [fileImageSource(path)] };
        if (groupMode) {
          say(formatDecision(await runtime.handleGroup(incoming)));
        } else {
          last = await runtime.handleDirect(incoming);
          say(formatReply(last));
        }
        return true;
      }
      case "help":
        say(CONSOLE_HELP);
        break;
    }
    const reply = await runtime.runCommand(name, args ? { args } : {}, { chat, user, locale });
    if (reply.kind === "match" || reply.kind === "related" || reply.kind === "none") last = reply;
    say(formatReply(reply));
    return true;
  }

  try {
    for await (const line of rl) {
      let keepGoing = true;
      try {
        keepGoing = await handle(line);
        await deliverOutbox();
      } catch (error) {
        say(`(error: ${error instanceof Error ? error.message : String(error)})`);
      }
      if (!keepGoing) break;
      if (interactive) rl.prompt();
    }
  } finally {
    rl.close();
  }
  if (interactive) say("");
}
