/**
 * Soak test (issue 13): `claimbot serve` as a child process against the loopback Telegram and Discord fakes, fed a
 * mixed stream of updates at a fixed rate while 64 HTTP clients call `POST /v1/lookup`. Reports updates received
 * vs answered or deliberately ignored (lost must be 0), crashes, send rates against Telegram's limits, lookup
 * latency under load and the child's RSS; exits non-zero when a check fails.
 *
 *   npm run soak                         # 60 s at 1,000 updates/s, 64 HTTP clients
 *   npm run soak -- --seconds 10 --rate 500 --http-clients 16
 *
 * A few-second variant runs in `npm test` (test/soak/soak.test.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FactCheckSchema, type FactCheck } from "../../src/core/factcheck.ts";
import { seededRandom } from "../../src/core/random.ts";
import { FakeBotApi } from "../adapters/telegram/fake-bot-api.ts";
import { FakeDiscord } from "../adapters/discord/fake-discord.ts";
import { dmMessage, guild, snowflake, user as discordUser } from "../adapters/discord/payloads.ts";
import { prefilledDataDir } from "../support/cli.ts";
import { HOSTILE_INPUTS } from "../support/hostile-inputs.ts";
import { loadSeedFactCheck } from "../support/seed.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TOKEN = "777000:soak_TOKEN";
/** Telegram's limits the bot must keep (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). */
export const TELEGRAM_GLOBAL_PER_SECOND = 30;
export const TELEGRAM_GROUP_PER_MINUTE = 20;
/** RSS may grow at most this much between the first sample and the end (issue 13's rule, runs under `RSS_SETTLED_FROM_SECONDS`). */
export const RSS_GROWTH_MAX = 0.1;
/**
 * Runs at least this long are judged on their last third instead: at 1,000 updates/s the serve process warms up for
 * ~8 minutes (bounded caches filling: the chat-settings LRU, SQLite's page cache following the data file), so a 60 s
 * run's growth is warm-up on every tree measured since issue 15's session 22 (docs/reliability.md, session 23:
 * 169 MB at 10 s, 219 at 6 min, 222–224 from 9 to 15 min).
 */
export const RSS_SETTLED_FROM_SECONDS = 600;
/** In such a run, the least-squares line through the last third's RSS samples may rise at most this much. */
export const RSS_SETTLED_GROWTH_MAX = 0.05;

/** The straight line through a run's RSS samples from two thirds of the load to its end. */
export interface RssTrend {
  fromSeconds: number;
  toSeconds: number;
  /** The line's values at `fromSeconds` and `toSeconds` (MB). */
  startMb: number;
  endMb: number;
  /** (endMb − startMb) / startMb. */
  growth: number;
  mbPerHour: number;
  samples: number;
}

/**
 * The least-squares line through the RSS samples taken in the last third of `seconds` of load (a line, not two
 * samples: V8 gives back pooled pages now and then, a single sample can be 5 MB off). Undefined with fewer than 3.
 */
export function settledRssTrend(samples: readonly { atSeconds: number; rssMb: number }[], seconds: number): RssTrend | undefined {
  const from = (seconds * 2) / 3;
  const points = samples.filter((p) => p.atSeconds >= from && p.atSeconds <= seconds + 5 && p.rssMb > 0);
  if (points.length < 3) return undefined;
  const meanX = points.reduce((a, p) => a + p.atSeconds, 0) / points.length;
  const meanY = points.reduce((a, p) => a + p.rssMb, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.atSeconds - meanX) * (p.rssMb - meanY);
    sxx += (p.atSeconds - meanX) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const at = (x: number) => meanY + slope * (x - meanX);
  const toSeconds = points[points.length - 1]!.atSeconds;
  const startMb = at(from);
  const endMb = at(toSeconds);
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    fromSeconds: round(from, 1),
    toSeconds,
    startMb: round(startMb, 1),
    endMb: round(endMb, 1),
    growth: startMb > 0 ? round((endMb - startMb) / startMb, 3) : 0,
    mbPerHour: round(slope * 3600, 1),
    samples: points.length,
  };
}

/** The RSS failure of a run, if any: issue 13's 10 s → end rule in short runs, the settled trend in long ones. */
export function rssFailure(report: Pick<SoakReport, "rssGrowth" | "rssFirstMb" | "rssEndMb" | "rssSettled">, seconds: number): string | undefined {
  if (seconds < RSS_SETTLED_FROM_SECONDS) {
    return report.rssGrowth > RSS_GROWTH_MAX ? `RSS grew ${Math.round(report.rssGrowth * 100)} % (${report.rssFirstMb} → ${report.rssEndMb} MB)` : undefined;
  }
  const t = report.rssSettled;
  if (!t) return "too few RSS samples in the last third of the run to judge its growth";
  return t.growth > RSS_SETTLED_GROWTH_MAX
    ? `RSS still growing in the last third of the run: ${t.startMb} → ${t.endMb} MB from ${t.fromSeconds} s to ${t.toSeconds} s (+${Math.round(t.growth * 1000) / 10} %, ${t.mbPerHour} MB an hour)`
    : undefined;
}

export interface SoakOptions {
  seconds: number;
  /** Telegram updates per second. */
  rate: number;
  httpClients: number;
  /** Discord events per second (DMs), 0 = no Discord. */
  discordRate: number;
  /** When the first RSS sample is taken (s). */
  rssAtSeconds: number;
  /** How long the bot may take after the load to send what is queued (s). */
  drainSeconds: number;
  /** V8 old-space cap of the serve process (`--max-old-space-size`), unset = V8's default. */
  heapMb?: number;
  /** Check RSS growth (a run of a few seconds measures warm-up, not growth). Default true. */
  checkRss?: boolean;
  /**
   * Fail when the load generator (this process) held less than 95% of `rate` (default true). The short soak inside
   * `npm test` shares the CPU with other test files, so its generator may fall behind: what it checks is the bot.
   */
  checkRate?: boolean;
  log?: (line: string) => void;
}

export interface SoakReport {
  ok: boolean;
  failures: string[];
  seconds: number;
  /** Time after the load until every expected answer (Telegram and Discord) was on the wire and every update fetched. */
  drainSeconds: number;
  updatesPushed: number;
  updatesPerSecondHeld: number;
  received: number;
  expectedAnswers: number;
  answered: number;
  ignoredDeliberately: number;
  /** Of the ignored: group messages the bot did not screen because they were stale when their turn came (behind). */
  groupMessagesShed: number;
  lost: number;
  crashes: number;
  errorsLogged: number;
  /** Error log lines by message. */
  errorKinds: Record<string, number>;
  /** Warning log lines by message. */
  warnKinds: Record<string, number>;
  /** The first error lines, whole. */
  firstErrors: string[];
  /** The first warning lines, whole (besides load shedding and rate limits). */
  firstWarnings: string[];
  sends: number;
  maxGlobalPerSecond: number;
  maxPerChatPerSecond: number;
  /** Shortest time between two messages to one chat, as the fake received them. */
  minPerChatGapMs: number;
  /** RSS every 5 s of the load (MB). */
  rssSeriesMb: number[];
  /** Queue lengths every 5 s, during the load and the drain. */
  queueSeries: QueueSample[];
  maxPerGroupPerMinute: number;
  discord: { events: number; answered: number; lost: number };
  http: { requests: number; perSecond: number; p50Ms: number; p99Ms: number; non200: number };
  metricsLookupP50Ms?: number;
  metricsLookupP99Ms?: number;
  rssFirstMb: number;
  rssEndMb: number;
  rssGrowth: number;
  /** The line through the last third's RSS samples (judged in runs of `RSS_SETTLED_FROM_SECONDS` or more). */
  rssSettled?: RssTrend;
  /** Anonymous (V8 heap, malloc) and file-backed (code, shared libraries; SQLite's file when mmapped) parts of RSS. */
  rssAnonFirstMb: number;
  rssAnonEndMb: number;
  rssFileFirstMb: number;
  rssFileEndMb: number;
}

/** Queue lengths at one moment of the soak. */
export interface QueueSample {
  atSeconds: number;
  /** Updates the fake holds that the bot has not fetched. */
  unfetchedUpdates: number;
  rssMb: number;
  rssAnonMb: number;
  rssFileMb: number;
  dataDirMb: number;
  /** Gauges of `GET /metrics` (`claimbot_` prefix dropped), when it answered. */
  [gauge: string]: number;
}

const QUEUE_GAUGES = /^claimbot_((?:telegram|group|outbox|runtime|discord)[a-z_]*depth[a-z_]*|[a-z_]*in_flight[a-z_]*|[a-z_]*shed[a-z_]*|chat_backlog_marks)\s+(\S+)$/;
/** Node's process metrics (prom-client defaults): where the RSS goes (V8 heap used and reserved, outside the heap). */
const MEMORY_GAUGES: Record<string, string> = {
  nodejs_heap_size_used_bytes: "heapUsedMb",
  nodejs_heap_size_total_bytes: "heapTotalMb",
  nodejs_external_memory_bytes: "externalMb",
};

function gaugesOf(metrics: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of metrics.split("\n")) {
    const m = QUEUE_GAUGES.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
    const [name, value] = line.split(" ");
    const memory = name ? MEMORY_GAUGES[name] : undefined;
    if (memory && value !== undefined) out[memory] = Math.round(Number(value) / 1024 / 1024);
  }
  return out;
}

/** Size of the data directory's files (MB): the SQLite file and its WAL grow with the runtime tables. */
function dirMb(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    try {
      bytes += statSync(join(dir, name)).size;
    } catch {
      // Gone between the listing and the stat (a WAL checkpoint).
    }
  }
  return Math.round(bytes / 1024 / 1024);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The child's resident memory (MB) from /proc: all of it, anonymous (heap, malloc) and file-backed (code, mmap). */
function residentMb(pid: number | undefined): { rss: number; anon: number; file: number } {
  if (!pid) return { rss: 0, anon: 0, file: 0 };
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const mb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
    return { rss: mb("VmRSS"), anon: mb("RssAnon"), file: mb("RssFile") };
  } catch {
    return { rss: 0, anon: 0, file: 0 };
  }
}

function rssMb(pid: number | undefined): number {
  return residentMb(pid).rss;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** p50/p99 (ms) from the Prometheus histogram of `GET /metrics` (bucket upper bounds: an upper estimate). */
function histogramQuantiles(metrics: string): { p50: number; p99: number } | undefined {
  const buckets = new Map<number, number>();
  for (const line of metrics.split("\n")) {
    const m = /^claimbot_lookup_duration_seconds_bucket\{[^}]*le="([^"]+)"[^}]*\}\s+(\d+)/.exec(line);
    if (!m) continue;
    const le = m[1] === "+Inf" ? Number.POSITIVE_INFINITY : Number(m[1]);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(m[2]));
  }
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Number.POSITIVE_INFINITY) ?? 0;
  if (total === 0) return undefined;
  const at = (q: number) => (bounds.find((b) => buckets.get(b)! >= q * total) ?? Number.POSITIVE_INFINITY) * 1000;
  return { p50: at(0.5), p99: at(0.99) };
}

/** A few hundred fact-checks besides the seed, so lookups search a real (small) index. */
function extraRecords(): FactCheck[] {
  const random = seededRandom(7);
  const words = "government vaccine election border president minister video photo water bank tax school hospital police army flood fire virus climate oil price city farmers children doctors bridge river airport".split(" ");
  return Array.from({ length: 500 }, (_, i) =>
    FactCheckSchema.parse({
      id: `soak-${i}`,
      claim: Array.from({ length: 12 }, () => words[Math.floor(random() * words.length)]).join(" ") + ` ${i}`,
      rating: "False",
      verdict: "false",
      publisher: { name: "Soak Checks", site: "soak.example.org" },
      url: `https://soak.example.org/fc/${i}`,
      reviewDate: "2024-01-01",
      language: "en",
      source: "soak",
      license: "test",
    }),
  );
}

const CHITCHAT = ["Happy birthday! See you Saturday", "lol ok", "thanks everyone, see you tomorrow", "good morning 🌞", "dinner tonight?"];
const UNRELATED = [
  "The mayor secretly sold the city water supply to a foreign company last week",
  "Scientists confirm the new bridge over the river will collapse within a year",
  "The hospital will close its children ward because doctors are on strike again",
];

/** Runs the soak; never throws for a failed check (see `report.failures`). */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seed = loadSeedFactCheck();
  const seedPost = `[Breaking] Russian state media reported that ${seed.claim}`;
  const dir = await prefilledDataDir("claimbot-soak-", [seed, ...extraRecords()]);
  const telegram = await FakeBotApi.start({ maxPollMs: 250, me: { can_read_all_group_messages: true } });
  const botUser = { id: "500000000000000001", username: "claimbot-soak" };
  const discord = options.discordRate > 0 ? await FakeDiscord.start({ botUser, guilds: [guild(botUser)] }) : undefined;
  const httpPort = await freePort();
  let output = "";
  // SOAK_SERVE_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`): node flags for the serve process (profiling).
  const nodeArgs = (process.env.SOAK_SERVE_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // SOAK_SERVE_ENV (e.g. `MALLOC_ARENA_MAX=2 CLAIMBOT_HEAP_GROWING_PERCENT=0`): extra environment of the serve process.
  const extraEnv = Object.fromEntries(
    (process.env.SOAK_SERVE_ENV ?? "")
      .split(" ")
      .filter((pair) => pair.includes("="))
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(ROOT, "bin/claimbot.js"), "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CLAIMBOT_DATA_DIR: dir,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      ...(discord ? { DISCORD_TOKEN: "soak-discord-token-0123456789", DISCORD_API_ROOT: discord.apiRoot } : {}),
      HTTP_PORT: String(httpPort),
      HTTP_HOST: "127.0.0.1",
      // The per-client limit is tested on its own; here the HTTP clients measure lookup latency under load.
      HTTP_RATE_LIMIT_PER_MINUTE: "0",
      LOG_LEVEL: "warn",
      ...(options.heapMb ? { NODE_OPTIONS: `--max-old-space-size=${options.heapMb}` } : {}),
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Log lines are tallied as they come (the kept tail of the output is bounded): warnings and errors by message, and
  // the first error lines whole (logs carry no user text).
  const warnKinds: Record<string, number> = {};
  const errorKinds: Record<string, number> = {};
  const firstErrors: string[] = [];
  const firstWarnings: string[] = [];
  let partial = "";
  const onOutput = (c: Buffer) => {
    const text = c.toString();
    output = (output + text).slice(-200_000);
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0);
      if (level < 40) continue;
      const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? "?";
      const kinds = level >= 50 ? errorKinds : warnKinds;
      kinds[msg] = (kinds[msg] ?? 0) + 1;
      if (level >= 50 && firstErrors.length < 10) firstErrors.push(line.slice(0, 1_000));
      if (level === 40 && firstWarnings.length < 10 && !/shed|rate limited/.test(msg)) firstWarnings.push(line.slice(0, 1_000));
    }
  };
  child.stdout?.on("data", onOutput);
  child.stderr?.on("data", onOutput);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once("exit", (code) => ((exitCode = code), resolve())));
  const failures: string[] = [];

  try {
    await telegram.waitFor("getUpdates", 1, 60_000);
    if (discord) {
      const until = Date.now() + 30_000;
      while (discord.identifies.length === 0 && Date.now() < until) await sleep(50);
    }
    // Twenty groups with auto-check on (an admin's /settings), answered before the load starts.
    const groups = Array.from({ length: 20 }, (_, i) => -1_001_000_000_000 - i);
    const admin = { id: 9, is_bot: false, first_name: "Admin", language_code: "en" };
    let updateId = 1;
    let messageId = 1;
    const push = (body: Record<string, unknown>) => telegram.pushUpdate({ update_id: updateId++, ...body });
    const msg = (chat: Record<string, unknown>, from: Record<string, unknown>, fields: Record<string, unknown>) => ({
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      ...fields,
    });
    for (const id of groups) {
      telegram.setChatMember(id, admin.id, "administrator");
      push({ message: msg({ id, type: "supergroup", title: `G${id}` }, admin, { text: "/settings auto_check on", entities: [{ type: "bot_command", offset: 0, length: 9 }] }) });
    }
    await telegram.waitFor("sendMessage", groups.length, 30_000);
    const setupSends = telegram.calls("sendMessage").length;
    const started = Date.now();

    // What the bot must answer: sendMessage per chat, answerCallbackQuery / answerInlineQuery per id.
    const expectedPerChat = new Map<number, number>();
    const expectCallbacks = new Set<string>();
    const expectInline = new Set<string>();
    let floodSent = 0;
    const FLOOD_USER = 8_888_888;
    const random = seededRandom(42);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    let pushed = 0;
    let lastChatter: Record<string, unknown> | undefined;

    const oneUpdate = () => {
      const r = random();
      const member = { id: 100_000 + Math.floor(random() * 5_000), is_bot: false, first_name: "M", language_code: "en" };
      const groupChat = { id: pick(groups), type: "supergroup", title: "G" };
      pushed++;
      if (r < 0.45) {
        lastChatter = msg(groupChat, member, { text: pick(CHITCHAT) });
        push({ message: lastChatter });
      } else if (r < 0.55) {
        push({ message: msg(groupChat, member, { text: seedPost }) });
      } else if (r < 0.6) {
        push({ message: msg(groupChat, member, { text: pick(UNRELATED) }) });
      } else if (r < 0.615) {
        // A private forward: always answered (users are many, each far below the flood limit).
        const user = { id: 200_000 + Math.floor(random() * 20_000), is_bot: false, first_name: "U", language_code: "en" };
        push({ message: msg({ id: user.id, type: "private" }, user, { text: pick([seedPost, ...UNRELATED]) }) });
        expectedPerChat.set(user.id, (expectedPerChat.get(user.id) ?? 0) + 1);
      } else if (r < 0.62) {
        const user = { id: 200_000 + Math.floor(random() * 20_000), is_bot: false, first_name: "U", language_code: "en" };
        push({ message: msg({ id: user.id, type: "private" }, user, { text: "/help", entities: [{ type: "bot_command", offset: 0, length: 5 }] }) });
        expectedPerChat.set(user.id, (expectedPerChat.get(user.id) ?? 0) + 1);
      } else if (r < 0.625) {
        // The flooding user: a few messages a second, every second.
        const flooder = { id: FLOOD_USER, is_bot: false, first_name: "F", language_code: "en" };
        push({ message: msg({ id: FLOOD_USER, type: "private" }, flooder, { text: `${pick(UNRELATED)} #${floodSent}` }) });
        floodSent++;
      } else if (r < 0.725) {
        const id = `cb-${updateId}`;
        push({ callback_query: { id, from: member, chat_instance: "x", data: `f:h:bogus${updateId}`, message: { message_id: 1, date: 0, chat: { id: member.id, type: "private" } } } });
        expectCallbacks.add(id);
      } else if (r < 0.74) {
        const id = `iq-${updateId}`;
        push({ inline_query: { id, from: member, query: pick([seed.claim, ...UNRELATED]), offset: "" } });
        expectInline.add(id);
      } else if (r < 0.84) {
        // An edit that does not change the text (a link preview arriving): ignored.
        if (lastChatter) push({ edited_message: { ...lastChatter, edit_date: Math.floor(Date.now() / 1000) } });
        else push({ message: msg(groupChat, member, { text: pick(CHITCHAT) }) });
      } else if (r < 0.85) {
        push({ message: msg(groupChat, member, { text: pick(HOSTILE_INPUTS).text }) });
      } else if (r < 0.86) {
        // A redelivered update id: handled once.
        telegram.pushDuplicate({ update_id: Math.max(1, updateId - 50), message: msg(groupChat, member, { text: pick(CHITCHAT) }) });
      } else if (r < 0.9) {
        // Another bot posting a known hoax: never answered.
        push({ message: msg(groupChat, { id: 31337, is_bot: true, first_name: "OtherBot" }, { text: seedPost }) });
      } else {
        push({ message: msg(groupChat, member, { text: pick(CHITCHAT) }) });
      }
    };

    // HTTP clients: closed loop with a short think time, in their own process (see http-load.ts).
    const texts = [seed.claim, ...UNRELATED, "lol ok", HOSTILE_INPUTS[2]!.text];
    const httpLoad = new Promise<{ latencies: number[]; non200: number }>((resolve) => {
      const worker = spawn(
        process.execPath,
        ["--import", "tsx", join(ROOT, "test/soak/http-load.ts"), String(httpPort), String(options.httpClients), String(options.seconds), JSON.stringify(texts)],
        { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
      );
      let out = "";
      worker.stdout.on("data", (c: Buffer) => (out += c.toString()));
      worker.on("close", () => {
        try {
          resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "") as { latencies: number[]; non200: number });
        } catch {
          resolve({ latencies: [], non200: 1 });
        }
      });
    });

    // Discord DMs.
    let discordEvents = 0;
    const discordIds = new Set<string>();

    let rssFirst = 0;
    let residentFirst = { rss: 0, anon: 0, file: 0 };
    const rssSeries: number[] = [];
    // Queue lengths every 5 s (and after the load): where work piles up when the bot cannot keep up.
    const queueSeries: QueueSample[] = [];
    const sampleQueues = (atSeconds: number) => {
      const resident = residentMb(child.pid);
      const sample: QueueSample = {
        atSeconds,
        unfetchedUpdates: telegram.pendingUpdates,
        rssMb: resident.rss,
        rssAnonMb: resident.anon,
        rssFileMb: resident.file,
        dataDirMb: dirMb(dir),
      };
      queueSeries.push(sample);
      void fetch(`http://127.0.0.1:${httpPort}/metrics`)
        .then((r) => r.text())
        .then((text) => Object.assign(sample, gaugesOf(text)))
        .catch(() => undefined);
    };
    let lastRssSample = started;
    const tickMs = 20;
    const end = started + options.seconds * 1000;
    let due = 0;
    let discordDue = 0;
    let lastTick = Date.now();
    // The load runs until `end`; the last round tops up to the moment it stops, so a stall of this process (a busy
    // machine) delays updates but never leaves them out of the rate.
    let loadEndedAt = started;
    for (;;) {
      const now = Date.now();
      loadEndedAt = now;
      due += ((now - lastTick) / 1000) * options.rate;
      discordDue += ((now - lastTick) / 1000) * options.discordRate;
      lastTick = now;
      while (due >= 1) {
        oneUpdate();
        due--;
      }
      while (discord && discordDue >= 1) {
        // Many users, each in their own DM channel (one user would be throttled as a flood, by design).
        const channel = snowflake();
        const event = dmMessage(`${seed.claim} (${discordEvents})`, { channel_id: channel, author: discordUser(snowflake()) });
        discordIds.add(event.id);
        discord.dispatch("MESSAGE_CREATE", event);
        discordEvents++;
        discordDue--;
      }
      if (!rssFirst && now - started >= options.rssAtSeconds * 1000) {
        residentFirst = residentMb(child.pid);
        rssFirst = residentFirst.rss;
      }
      if (now - lastRssSample >= 5_000) {
        rssSeries.push(rssMb(child.pid));
        sampleQueues(Math.round((now - started) / 1000));
        lastRssSample = now;
      }
      if (exitCode !== undefined || now >= end) break;
      await sleep(tickMs);
    }
    const loadSeconds = (loadEndedAt - started) / 1000;
    const { latencies, non200 } = await httpLoad;
    const residentEnd = residentMb(child.pid);
    const rssEnd = residentEnd.rss;
    sampleQueues(Math.round((Date.now() - started) / 1000));

    // Let the bot take the rest and send what it queued (Telegram's 30 messages/s bound the drain).
    const expectedAnswers = [...expectedPerChat.values()].reduce((a, b) => a + b, 0) + expectCallbacks.size + expectInline.size;
    const answeredNow = () => {
      const perChat = new Map<number, number>();
      for (const call of telegram.calls("sendMessage")) {
        const chat = Number(call.body.chat_id);
        perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
      }
      let answers = 0;
      for (const [chat, expected] of expectedPerChat) answers += Math.min(expected, perChat.get(chat) ?? 0);
      const callbacks = new Set(telegram.calls("answerCallbackQuery").map((c) => String(c.body.callback_query_id)));
      const inline = new Set(telegram.calls("answerInlineQuery").map((c) => String(c.body.inline_query_id)));
      for (const id of expectCallbacks) if (callbacks.has(id)) answers++;
      for (const id of expectInline) if (inline.has(id)) answers++;
      return { answers, perChat };
    };
    const discordAnsweredNow = () => {
      if (!discord) return 0;
      const referenced = new Set(
        discord.calls.filter((c) => c.method === "POST" && c.status === 200 && c.body?.message_reference).map((c) => String(c.body.message_reference.message_id)),
      );
      let n = 0;
      for (const id of discordIds) if (referenced.has(id)) n++;
      return n;
    };
    const drainStarted = Date.now();
    const drainUntil = drainStarted + options.drainSeconds * 1000;
    let lastDrainSample = drainStarted;
    const pending = () => answeredNow().answers < expectedAnswers || telegram.pendingUpdates > 0 || discordAnsweredNow() < discordEvents;
    while (Date.now() < drainUntil && pending()) {
      await sleep(200);
      if (Date.now() - lastDrainSample >= 5_000) {
        lastDrainSample = Date.now();
        sampleQueues(Math.round((lastDrainSample - started) / 1000));
      }
    }
    const drainTook = Math.round((Date.now() - drainStarted) / 100) / 10;
    await sleep(500);
    const { answers, perChat } = answeredNow();
    const received = pushed - telegram.pendingUpdates;

    // Send rates on the wire.
    const sends = telegram.requests.filter((r) => ["sendMessage", "editMessageText", "setMessageReaction"].includes(r.method)).slice(setupSends);
    const times = sends.map((s) => s.at).sort((a, b) => a - b);
    let maxGlobal = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      maxGlobal = Math.max(maxGlobal, i - j + 1);
    }
    const byChat = new Map<number, number[]>();
    for (const s of sends) {
      const chat = Number(s.body.chat_id);
      byChat.set(chat, [...(byChat.get(chat) ?? []), s.at]);
    }
    let maxPerChat = 0;
    let maxPerGroup = 0;
    let minPerChatGapMs = Number.POSITIVE_INFINITY;
    let closestChat = 0;
    for (const [chat, list] of byChat) {
      list.sort((a, b) => a - b);
      // One per second per chat, measured where the requests arrive (the queue counts a request until its answer,
      // so no tolerance for network jitter is needed).
      for (let i = 0, j = 0; i < list.length; i++) {
        while (list[i]! - list[j]! >= 1000) j++;
        maxPerChat = Math.max(maxPerChat, i - j + 1);
        if (i > 0 && list[i]! - list[i - 1]! < minPerChatGapMs) {
          minPerChatGapMs = list[i]! - list[i - 1]!;
          closestChat = chat;
        }
      }
      if (chat < 0) {
        for (let i = 0, j = 0; i < list.length; i++) {
          while (list[i]! - list[j]! >= 60_000) j++;
          maxPerGroup = Math.max(maxPerGroup, i - j + 1);
        }
      }
    }
    const flooderAnswers = perChat.get(FLOOD_USER) ?? 0;

    const discordAnswered = discordAnsweredNow();

    let metricsQ: { p50: number; p99: number } | undefined;
    let groupMessagesShed = 0;
    try {
      const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      metricsQ = histogramQuantiles(metrics);
      groupMessagesShed = gaugesOf(metrics).telegram_group_messages_shed ?? 0;
    } catch {
      metricsQ = undefined;
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const errorsLogged = Object.values(errorKinds).reduce((a, b) => a + b, 0);

    child.kill("SIGTERM");
    await Promise.race([exited, sleep(60_000)]);
    const crashes = exitCode === 0 ? 0 : 1;

    const settled = settledRssTrend(queueSeries, options.seconds);
    const report: SoakReport = {
      ok: false,
      failures,
      seconds: Math.round(loadSeconds * 10) / 10,
      drainSeconds: drainTook,
      updatesPushed: pushed,
      updatesPerSecondHeld: Math.round(pushed / loadSeconds),
      received,
      expectedAnswers,
      answered: answers,
      ignoredDeliberately: received - expectedAnswers,
      groupMessagesShed,
      lost: expectedAnswers - answers + telegram.pendingUpdates,
      crashes,
      errorsLogged,
      errorKinds,
      warnKinds,
      firstErrors,
      firstWarnings,
      sends: sends.length,
      maxGlobalPerSecond: maxGlobal,
      maxPerChatPerSecond: maxPerChat,
      minPerChatGapMs: Number.isFinite(minPerChatGapMs) ? minPerChatGapMs : 0,
      maxPerGroupPerMinute: maxPerGroup,
      discord: { events: discordEvents, answered: discordAnswered, lost: discordEvents - discordAnswered },
      http: {
        requests: latencies.length,
        perSecond: Math.round(latencies.length / loadSeconds),
        p50Ms: Math.round(quantile(sorted, 0.5)),
        p99Ms: Math.round(quantile(sorted, 0.99)),
        non200,
      },
      ...(metricsQ ? { metricsLookupP50Ms: metricsQ.p50, metricsLookupP99Ms: metricsQ.p99 } : {}),
      rssSeriesMb: rssSeries,
      queueSeries,
      rssFirstMb: rssFirst,
      rssEndMb: rssEnd,
      rssGrowth: rssFirst > 0 ? Math.round(((rssEnd - rssFirst) / rssFirst) * 1000) / 1000 : 0,
      ...(settled ? { rssSettled: settled } : {}),
      rssAnonFirstMb: residentFirst.anon,
      rssAnonEndMb: residentEnd.anon,
      rssFileFirstMb: residentFirst.file,
      rssFileEndMb: residentEnd.file,
    };
    if (options.checkRate !== false && report.updatesPerSecondHeld < options.rate * 0.95) failures.push(`held ${report.updatesPerSecondHeld} updates/s, wanted ${options.rate}`);
    if (report.lost !== 0) {
      const missing = [
        ...[...expectedPerChat].filter(([chat, n]) => (perChat.get(chat) ?? 0) < n).map(([chat]) => `chat ${chat}`),
        ...[...expectCallbacks].filter((id) => !telegram.calls("answerCallbackQuery").some((c) => String(c.body.callback_query_id) === id)),
        ...[...expectInline].filter((id) => !telegram.calls("answerInlineQuery").some((c) => String(c.body.inline_query_id) === id)),
      ];
      failures.push(`lost ${report.lost} (expected answers ${expectedAnswers}, answered ${answers}, not fetched ${telegram.pendingUpdates}; unanswered: ${missing.slice(0, 10).join(", ")})`);
    }
    if (report.discord.lost !== 0) failures.push(`discord lost ${report.discord.lost} of ${discordEvents}`);
    if (crashes !== 0) failures.push(`serve exited with ${String(exitCode)}`);
    if (maxGlobal > TELEGRAM_GLOBAL_PER_SECOND) failures.push(`global send rate ${maxGlobal}/s over ${TELEGRAM_GLOBAL_PER_SECOND}`);
    if (maxPerChat > 1) {
      const detail = sends.filter((x) => Number(x.body.chat_id) === closestChat).map((x) => `${x.method}@${x.at - started}`);
      failures.push(`a chat got ${maxPerChat} messages within one second (chat ${closestChat}: ${detail.join(", ")})`);
    }
    if (maxPerGroup > TELEGRAM_GROUP_PER_MINUTE) failures.push(`a group got ${maxPerGroup} messages within one minute`);
    // 20 answers, then one "slow down" per minute of flooding (the window is 60 s).
    const floodWindows = Math.ceil((loadSeconds + drainTook) / 60) + 1;
    if (floodSent > 25 && (flooderAnswers < 1 || flooderAnswers > 20 + floodWindows)) failures.push(`flooding user got ${flooderAnswers} answers for ${floodSent} messages`);
    if (report.http.non200 > 0) failures.push(`${report.http.non200} HTTP requests failed`);
    const rss = options.checkRss === false ? undefined : rssFailure(report, options.seconds);
    if (rss) failures.push(rss);
    report.ok = failures.length === 0;
    log(`soak: flooding user sent ${floodSent}, got ${flooderAnswers} messages (answers up to the limit + one "slow down")`);
    return report;
  } catch (error) {
    failures.push(`soak aborted: ${error instanceof Error ? error.message : String(error)}\n${output.slice(-3000)}`);
    return { ok: false, failures } as SoakReport;
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    await telegram.close();
    await discord?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i > -1 ? Number(process.argv[i + 1]) : fallback;
  };
  const seconds = arg("--seconds", 60);
  const report = await runSoak({
    seconds,
    rate: arg("--rate", 1_000),
    httpClients: arg("--http-clients", 64),
    discordRate: arg("--discord-rate", 20),
    ...(process.argv.includes("--heap-mb") ? { heapMb: arg("--heap-mb", 256) } : {}),
    rssAtSeconds: Math.min(10, seconds / 3),
    drainSeconds: arg("--drain", 120),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(report.ok ? "soak: OK\n" : `soak: FAILED\n- ${report.failures.join("\n- ")}\n`);
  process.exit(report.ok ? 0 : 1);
}
