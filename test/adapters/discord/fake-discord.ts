import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * A loopback stand-in for Discord: the REST API routes claimbot's Discord adapter uses, and the gateway websocket
 * that `GET /gateway/bot` names. Nothing here talks to the real Discord.
 *
 * The flow, as discord.js 14.28 drives it (point `DISCORD_API_ROOT` / `rest.api` at `apiRoot`):
 * 1. `client.login(token)` → `GET {apiRoot}/v10/gateway/bot` → `{ url: "ws://127.0.0.1:PORT/gateway", shards: 1 }`.
 * 2. The client opens `ws://127.0.0.1:PORT/gateway?v=10&encoding=json`; the fake sends HELLO (op 10), the client
 *    sends IDENTIFY (op 2, recorded in `identifies`, intents included), the fake answers READY (op 0) and one
 *    GUILD_CREATE per guild given to `start`, then acknowledges heartbeats (op 1 → op 11).
 * 3. A test calls `dispatch("INTERACTION_CREATE" | "MESSAGE_CREATE", payload)`; the client handles it and calls REST:
 *    `POST /interactions/:id/:token/callback` (204, no body), `PATCH /webhooks/:app/:token/messages/%40original`,
 *    `POST /webhooks/:app/:token?wait=true`, `POST /channels/:id/messages`, `PUT .../reactions/:emoji/@me`.
 * 4. Every REST call is recorded in `calls` (method, path, query, parsed JSON body); `waitForCall` awaits one.
 * 5. `rateLimit(method, pathRegex, times)` makes the next matching calls answer 429 with `Retry-After`,
 *    `X-RateLimit-*` headers and a `retry_after` body, which @discordjs/rest honours by waiting and retrying;
 *    `fail(method, pathRegex, "502" | "drop")` answers a server error (retried) or cuts the connection.
 */
export interface RecordedCall {
  method: string;
  /** Path as received (still percent-encoded), without the query string. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined. */
  body: any;
  authorization: string | undefined;
  status: number;
}

export interface FakeDiscordOptions {
  appId?: string;
  botUser?: { id: string; username: string };
  /** Application flags `GET /applications/@me` reports (1<<19: GatewayMessageContent). */
  applicationFlags?: number;
  /** Full guild objects sent as GUILD_CREATE after READY. */
  guilds?: Array<Record<string, unknown>>;
  /** Channels `GET /channels/:id` answers. */
  channels?: Array<Record<string, unknown>>;
}

/** The bot user the fake reports unless told otherwise. */
export const DEFAULT_BOT_USER = { id: "100000000000000002", username: "claimbot" };
/** The application id the fake reports unless told otherwise. */
export const DEFAULT_APP_ID = "100000000000000001";

/** Application flag: the bot may receive message content (verified bots). */
export const FLAG_GATEWAY_MESSAGE_CONTENT = 1 << 19;

interface RateLimitRule {
  method: string;
  path: RegExp;
  remaining: number;
  retryAfterSeconds: number;
}

interface FailureRule {
  method: string;
  path: RegExp;
  remaining: number;
  /** `502`: a server error (discord.js retries it); `drop`: the connection is cut without an answer. */
  kind: "502" | "drop";
}

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly identifies: any[] = [];
  /** RESUME payloads (op 6) received after a dropped connection: `{ token, session_id, seq }`. */
  readonly resumes: any[] = [];
  readonly appId: string;
  readonly botUser: { id: string; username: string };
  applicationFlags: number;
  private readonly sockets = new Set<WebSocket>();
  /** Messages dispatched so far, answered by `GET /channels/:id/messages/:id`. */
  private readonly messages = new Map<string, unknown>();
  private readonly rules: RateLimitRule[] = [];
  private readonly failures: FailureRule[] = [];
  private readonly waiters: Array<{ test: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }> = [];
  private seq = 0;
  private messageSeq = 1000;
  private readonly wss: WebSocketServer;
  /** Files of the fake CDN (`GET /attachments/<name>`), for image attachments. */
  private readonly cdn = new Map<string, Uint8Array>();
  /** CDN downloads, in order (attachment names). */
  readonly downloads: string[] = [];

  private constructor(
    private readonly server: Server,
    private readonly options: FakeDiscordOptions,
  ) {
    this.appId = options.appId ?? DEFAULT_APP_ID;
    this.botUser = options.botUser ?? DEFAULT_BOT_USER;
    this.applicationFlags = options.applicationFlags ?? FLAG_GATEWAY_MESSAGE_CONTENT;
    this.wss = new WebSocketServer({ server, path: "/gateway" });
    this.wss.on("connection", (socket) => this.onSocket(socket));
    server.on("request", (req, res) => void this.onRequest(req, res));
  }

  /** Starts the fake on 127.0.0.1 and a free port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server, options);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  /** What to give discord.js as `rest.api` (no trailing slash). */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** Gateway connections open now. */
  get openSockets(): number {
    return this.sockets.size;
  }

  /**
   * Cuts every gateway connection mid-stream, as a network failure or a Discord restart would: `close` sends a
   * resumable close code (4000, "unknown error"), `terminate` drops the TCP connection without a close frame.
   */
  dropGateway(how: "close" | "terminate" = "terminate"): void {
    for (const socket of this.sockets) {
      if (how === "close") socket.close(4000, "fake: unknown error");
      else socket.terminate();
    }
  }

  /** Serves `bytes` at a loopback CDN URL, returned for an attachment's `url`. */
  addAttachment(name: string, bytes: Uint8Array): string {
    this.cdn.set(name, bytes);
    return `http://127.0.0.1:${this.port}/attachments/${encodeURIComponent(name)}`;
  }

  /** The next `times` calls matching method and path answer 429 (then the route works again). */
  rateLimit(method: string, path: RegExp, times = 1, retryAfterSeconds = 0.05): void {
    this.rules.push({ method, path, remaining: times, retryAfterSeconds });
  }

  /** The next `times` calls matching method and path fail: a 502, or a connection cut without an answer. */
  fail(method: string, path: RegExp, kind: "502" | "drop", times = 1): void {
    this.failures.push({ method, path, remaining: times, kind });
  }

  /** Sends a gateway DISPATCH event to every connected client. */
  dispatch(type: string, data: unknown): void {
    if (type === "MESSAGE_CREATE") {
      const message = data as { id: string; channel_id: string };
      this.messages.set(`${message.channel_id}/${message.id}`, message);
    }
    const frame = JSON.stringify({ op: 0, t: type, s: ++this.seq, d: data });
    for (const socket of this.sockets) socket.send(frame);
  }

  /** Resolves with the first recorded call (past or future) that passes `test`. */
  waitForCall(test: (c: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const found = this.calls.find((c) => test(c));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("fake discord: expected call did not come")), timeoutMs);
      this.waiters.push({
        test,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      });
    });
  }

  /** Calls that carry a message (content, embeds or components), wherever they went. */
  messageCalls(): RecordedCall[] {
    return this.calls.filter((c) => {
      const data = c.path.endsWith("/callback") ? c.body?.data : c.body;
      return Boolean(data && (data.content !== undefined || data.embeds !== undefined || data.components !== undefined));
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: any };
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (payload.op === 6) {
        // A resumed session: nothing was missed in this fake, so only RESUMED.
        this.resumes.push(payload.d);
        socket.send(JSON.stringify({ op: 0, t: "RESUMED", s: ++this.seq, d: {} }));
      }
      if (payload.op === 2) {
        this.identifies.push(payload.d);
        const guilds = this.options.guilds ?? [];
        const ready = {
          v: 10,
          user: { ...this.botUser, discriminator: "0", avatar: null, bot: true, global_name: null },
          guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: "fake-session",
          resume_gateway_url: this.gatewayUrl,
          application: { id: this.appId, flags: this.applicationFlags },
          shard: payload.d.shard ?? [0, 1],
        };
        socket.send(JSON.stringify({ op: 0, t: "READY", s: ++this.seq, d: ready }));
        for (const guild of guilds) socket.send(JSON.stringify({ op: 0, t: "GUILD_CREATE", s: ++this.seq, d: guild }));
      }
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cdn = /^\/attachments\/([^/?]+)/.exec(req.url ?? "");
    if (cdn) {
      const name = decodeURIComponent(cdn[1] ?? "");
      this.downloads.push(name);
      const bytes = this.cdn.get(name);
      res.writeHead(bytes ? 200 : 404, bytes ? { "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) } : {});
      res.end(bytes ? Buffer.from(bytes) : undefined);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    if (raw && String(req.headers["content-type"] ?? "").includes("application/json")) body = JSON.parse(raw);
    else if (raw.includes("payload_json")) body = extractPayloadJson(raw);
    const call: RecordedCall = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      body,
      authorization: req.headers.authorization,
      status: 0,
    };
    const failure = this.failures.find((r) => r.remaining > 0 && r.method === call.method && r.path.test(call.path));
    if (failure) {
      failure.remaining -= 1;
      call.status = failure.kind === "502" ? 502 : -1;
      this.record(call);
      if (failure.kind === "drop") {
        req.socket.destroy();
        return;
      }
      res.writeHead(502, { "content-type": "text/plain" });
      res.end("Bad Gateway");
      return;
    }
    const limited = this.rules.find((r) => r.remaining > 0 && r.method === call.method && r.path.test(call.path));
    if (limited) {
      limited.remaining -= 1;
      call.status = 429;
      this.record(call);
      res.writeHead(429, {
        "content-type": "application/json",
        "retry-after": String(limited.retryAfterSeconds),
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset-after": String(limited.retryAfterSeconds),
        "x-ratelimit-bucket": "fake-bucket",
        "x-ratelimit-scope": "user",
      });
      res.end(JSON.stringify({ message: "You are being rate limited.", retry_after: limited.retryAfterSeconds, global: false }));
      return;
    }
    const [status, answer] = this.route(call);
    call.status = status;
    this.record(call);
    if (answer === undefined) {
      res.writeHead(status);
      res.end();
    } else {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    }
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  }

  private route(call: RecordedCall): [number, unknown] {
    const p = call.path.replace(/^\/api\/v10/, "");
    const m = call.method;
    if (m === "GET" && p === "/gateway/bot") {
      return [200, { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }];
    }
    if (m === "GET" && p === "/gateway") return [200, { url: this.gatewayUrl }];
    if (m === "GET" && p === "/applications/@me") {
      return [200, { id: this.appId, name: "claimbot", flags: this.applicationFlags, bot_public: true, bot_require_code_grant: false, description: "", icon: null, verify_key: "0" }];
    }
    if (m === "GET" && p === "/users/@me") return [200, this.userObject()];
    if (m === "POST" && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(p)) return [204, undefined];
    if ((m === "PATCH" || m === "POST") && /^\/webhooks\/[^/]+\/[^/]+(\/messages\/[^/]+)?$/.test(p)) {
      return [200, this.messageObject("900000000000000001", call.body)];
    }
    const send = /^\/channels\/(\d+)\/messages$/.exec(p);
    if (m === "POST" && send) return [200, this.messageObject(send[1] ?? "0", call.body)];
    if (m === "PUT" && /^\/channels\/\d+\/messages\/\d+\/reactions\/[^/]+\/@me$/.test(p)) return [204, undefined];
    const stored = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(p);
    if (m === "GET" && stored) {
      const found = this.messages.get(`${stored[1]}/${stored[2]}`);
      return found ? [200, found] : [404, { message: "Unknown Message", code: 10008 }];
    }
    const channel = /^\/channels\/(\d+)$/.exec(p);
    if (m === "GET" && channel) {
      const found = (this.options.channels ?? []).find((c) => c.id === channel[1]);
      return found ? [200, found] : [404, { message: "Unknown Channel", code: 10003 }];
    }
    if (m === "PUT" && /^\/applications\/[^/]+(\/guilds\/[^/]+)?\/commands$/.test(p)) {
      const list = Array.isArray(call.body) ? (call.body as Array<Record<string, unknown>>) : [];
      return [200, list.map((c, i) => ({ ...c, id: String(200000000000000000n + BigInt(i)), application_id: this.appId, version: "1" }))];
    }
    return [404, { message: "404: Not Found", code: 0 }];
  }

  private userObject() {
    return { ...this.botUser, discriminator: "0", avatar: null, bot: true, global_name: null };
  }

  private messageObject(channelId: string, body: any) {
    return {
      id: String(++this.messageSeq).padStart(18, "9"),
      channel_id: channelId,
      author: this.userObject(),
      content: body?.content ?? "",
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      pinned: false,
      type: 0,
      flags: body?.flags ?? 0,
    };
  }
}

function extractPayloadJson(raw: string): unknown {
  const match = /name="payload_json"[^\n]*\r?\n(?:[^\n]*\r?\n)?\r?\n([\s\S]*?)\r?\n--/.exec(raw);
  return match?.[1] ? JSON.parse(match[1]) : undefined;
}
