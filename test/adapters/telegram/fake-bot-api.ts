import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback fake of the Telegram Bot API, for tests and for checking claimbot from outside without Telegram.
 *
 * It listens on 127.0.0.1 (port 0 by default), answers `POST|GET /bot<token>/<method>` with the Bot API envelope
 * (`{ ok, result }` or `{ ok: false, error_code, description, parameters }`) and records every request.
 *
 * Use from a test:
 * ```ts
 * const api = await FakeBotApi.start();
 * const bot = new Telegraf("123:TEST", { telegram: { apiRoot: api.url } });   // or TELEGRAM_API_ROOT=api.url
 * api.pushUpdate({ update_id: 1, message: {...} });                          // served by getUpdates (long poll)
 * const [sent] = await api.waitFor("sendMessage", 1);                         // what the bot sent, on the wire
 * api.failNext("sendMessage", { code: 429, retryAfter: 1 });                  // next sendMessage gets a 429
 * await api.close();
 * ```
 * Run standalone (a fake Telegram for `claimbot serve` with `TELEGRAM_API_ROOT`): see test/adapters/telegram/README.md.
 *
 * Implemented: getMe, getUpdates (offset, limit, long-poll `timeout`), deleteWebhook, setWebhook, getWebhookInfo,
 * sendMessage, editMessageText, setMessageReaction, answerInlineQuery, answerCallbackQuery, getChatMember,
 * getChatAdministrators, setMyCommands, deleteMyCommands, getMyCommands, sendChatAction, close/logOut, getFile and
 * the file download route `GET /file/bot<token>/<file_path>` (files added with `addFile`).
 * Any other method answers `{ ok: true, result: true }` and is recorded.
 */
export interface RecordedRequest {
  method: string;
  /** The token from the URL path (never print it outside tests). */
  token: string;
  body: Record<string, unknown>;
  /** `Date.now()` when the request arrived. */
  at: number;
  headers: Record<string, string | string[] | undefined>;
}

/** A scripted failure for the next call of a method. */
export type FakeFailure =
  | { code: 429; retryAfter: number; description?: string }
  | { code: 400 | 403 | 404 | 409; description?: string }
  /** An HTTP 5xx without a JSON body. */
  | { httpStatus: 500 | 502 | 503 }
  /** Close the socket without answering (a network error). */
  | { drop: true };

export interface FakeBotApiOptions {
  port?: number;
  host?: string;
  /** The `getMe` answer (merged over the defaults). */
  me?: Partial<FakeBotUser>;
  /** Longest long-poll wait in milliseconds, whatever `timeout` the client asks (keeps shutdowns fast). */
  maxPollMs?: number;
}

export interface FakeBotUser {
  id: number;
  is_bot: true;
  first_name: string;
  username: string;
  can_join_groups: boolean;
  can_read_all_group_messages: boolean;
  supports_inline_queries: boolean;
}

interface QueuedUpdate {
  update: Record<string, unknown>;
  /** Served once whatever the offset (to simulate redelivery of an update_id). */
  force: boolean;
}

interface Waiter {
  resolve: () => void;
}

export class FakeBotApi {
  readonly requests: RecordedRequest[] = [];
  readonly me: FakeBotUser;
  private readonly queue: QueuedUpdate[] = [];
  private readonly pollers = new Set<Waiter>();
  private readonly failures = new Map<string, FakeFailure[]>();
  /** `chatId:userId` → status. Unknown members are `member`; the bot itself is `member` unless set. */
  private readonly members = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private nextMessageId = 1000;
  private closed = false;
  /** Files served by `getFile` and `GET /file/bot<token>/<file_path>`, by file_id. */
  private readonly files = new Map<string, { path: string; bytes: Uint8Array }>();
  /** File downloads, in order (file paths, token left out). */
  readonly downloads: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    me: FakeBotUser,
    private readonly maxPollMs: number,
  ) {
    this.me = me;
  }

  /** Starts the fake on 127.0.0.1 and an ephemeral port. */
  static async start(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
    const me: FakeBotUser = {
      id: 777000111,
      is_bot: true,
      first_name: "ClaimBot",
      username: "claimbot_test_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: true,
      ...options.me,
    };
    let fake: FakeBotApi | undefined;
    const server = createServer((req, res) => {
      if (!fake) {
        res.writeHead(503).end();
        return;
      }
      fake.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeBotApi(server, `http://${options.host ?? "127.0.0.1"}:${port}`, me, options.maxPollMs ?? 2_000);
    return fake;
  }

  /** Makes a file downloadable: `getFile({file_id})` answers its path, `/file/bot<token>/<path>` its bytes. */
  addFile(fileId: string, bytes: Uint8Array, path = `photos/${fileId}.jpg`): void {
    this.files.set(fileId, { path, bytes });
  }

  /** Queues updates for getUpdates. */
  pushUpdate(...updates: Array<Record<string, unknown>>): void {
    for (const update of updates) this.queue.push({ update, force: false });
    this.wakePollers();
  }

  /** Queues an update that is served even if its update_id is below the client's offset (a redelivery). */
  pushDuplicate(update: Record<string, unknown>): void {
    this.queue.push({ update, force: true });
    this.wakePollers();
  }

  /** Updates not yet confirmed by an offset. */
  get pendingUpdates(): number {
    return this.queue.length;
  }

  /** The next call(s) of `method` fail this way, in order. */
  failNext(method: string, ...failures: FakeFailure[]): void {
    const list = this.failures.get(method) ?? [];
    list.push(...failures);
    this.failures.set(method, list);
  }

  /** Sets a chat member's status for getChatMember (`creator`, `administrator`, `member`, `left`, ...). */
  setChatMember(chatId: number | string, userId: number | string, status: string): void {
    this.members.set(`${chatId}:${userId}`, status);
  }

  /** Recorded requests of one method. */
  calls(method: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method);
  }

  /** Resolves when at least `count` requests of `method` were recorded (rejects after `timeoutMs`). */
  async waitFor(method: string, count: number, timeoutMs = 10_000): Promise<RecordedRequest[]> {
    const done = () => this.calls(method).length >= count;
    if (done()) return this.calls(method);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timeout: ${this.calls(method).length}/${count} ${method} calls after ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
    return this.calls(method);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakePollers();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private wakePollers(): void {
    for (const poller of [...this.pollers]) poller.resolve();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    if (req.url?.startsWith("/_fake/")) {
      await this.control(req, res);
      return;
    }
    const download = /^\/file\/bot[^/]+\/(.+)$/.exec(req.url ?? "");
    if (download) {
      const path = decodeURIComponent(download[1] ?? "");
      const file = [...this.files.values()].find((f) => f.path === path);
      this.downloads.push(path);
      for (const listener of [...this.listeners]) listener();
      if (!file) {
        this.json(res, 404, { ok: false, error_code: 404, description: "Not Found" });
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(file.bytes.byteLength) }).end(Buffer.from(file.bytes));
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)(?:\?.*)?$/.exec(req.url ?? "");
    if (!match) {
      this.json(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const token = match[1] ?? "";
    const method = match[2] ?? "";
    const body = await readBody(req);
    if (body === undefined) {
      this.json(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse JSON" });
      return;
    }
    this.requests.push({ method, token, body, at, headers: req.headers });
    for (const listener of [...this.listeners]) listener();

    const failure = this.failures.get(method)?.shift();
    if (failure) {
      if ("drop" in failure) {
        req.socket.destroy();
        return;
      }
      if ("httpStatus" in failure) {
        res.writeHead(failure.httpStatus).end("upstream trouble");
        return;
      }
      if (failure.code === 429) {
        this.json(res, 429, {
          ok: false,
          error_code: 429,
          description: failure.description ?? `Too Many Requests: retry after ${failure.retryAfter}`,
          parameters: { retry_after: failure.retryAfter },
        });
        return;
      }
      this.json(res, failure.code, {
        ok: false,
        error_code: failure.code,
        description: failure.description ?? "Bad Request",
      });
      return;
    }
    if (!/^\d+:[A-Za-z0-9_-]+$/.test(token)) {
      this.json(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    let result: unknown;
    try {
      result = await this.answer(method, body, req);
    } catch (error) {
      if (!(error instanceof FakeApiError)) throw error;
      this.json(res, error.code, { ok: false, error_code: error.code, description: error.message });
      return;
    }
    this.json(res, 200, { ok: true, result });
  }

  private async answer(method: string, body: Record<string, unknown>, req: IncomingMessage): Promise<unknown> {
    switch (method) {
      case "getMe":
        return this.me;
      case "getUpdates":
        return await this.getUpdates(body, req);
      case "sendMessage":
      case "editMessageText": {
        const chatId = body.chat_id;
        return {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: Number(chatId) < 0 ? "supergroup" : "private" },
          from: { id: this.me.id, is_bot: true, first_name: this.me.first_name, username: this.me.username },
          text: typeof body.text === "string" ? body.text.replace(/<[^>]+>/g, "") : "",
        };
      }
      case "getChatMember": {
        const status = this.members.get(`${String(body.chat_id)}:${String(body.user_id)}`) ?? "member";
        return { status, user: { id: Number(body.user_id), is_bot: false, first_name: "User" } };
      }
      case "getChatAdministrators":
        return [...this.members.entries()]
          .filter(([key, status]) => key.startsWith(`${String(body.chat_id)}:`) && status !== "member")
          .map(([key, status]) => ({ status, user: { id: Number(key.split(":")[1]), is_bot: false, first_name: "A" } }));
      case "getWebhookInfo":
        return { url: "", has_custom_certificate: false, pending_update_count: this.queue.length };
      case "getMyCommands":
        return [];
      case "getFile": {
        const file = this.files.get(String(body.file_id));
        if (!file) throw new FakeApiError(400, "Bad Request: invalid file_id");
        return { file_id: body.file_id, file_unique_id: `u-${String(body.file_id)}`, file_size: file.bytes.byteLength, file_path: file.path };
      }
      default:
        return true;
    }
  }

  private async getUpdates(body: Record<string, unknown>, req: IncomingMessage): Promise<unknown[]> {
    const offset = typeof body.offset === "number" ? body.offset : 0;
    const limit = typeof body.limit === "number" ? Math.min(Math.max(body.limit, 1), 100) : 100;
    const timeoutMs = Math.min((typeof body.timeout === "number" ? body.timeout : 0) * 1000, this.maxPollMs);
    // An offset confirms every update below it: forget them, as Telegram does.
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i];
      if (item && !item.force && Number(item.update.update_id) < offset) this.queue.splice(i, 1);
    }
    if (this.queue.length === 0 && timeoutMs > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const waiter: Waiter = {
          resolve: () => {
            clearTimeout(timer);
            this.pollers.delete(waiter);
            req.off("close", waiter.resolve);
            resolve();
          },
        };
        const timer = setTimeout(waiter.resolve, timeoutMs);
        this.pollers.add(waiter);
        req.on("close", waiter.resolve);
      });
    }
    const served = this.queue.slice(0, limit);
    // Forced duplicates are served once; the others stay until an offset confirms them.
    for (const item of served) {
      if (item.force) this.queue.splice(this.queue.indexOf(item), 1);
    }
    return served.map((item) => item.update);
  }

  /**
   * Control routes for driving the fake from outside (curl, another process):
   * `POST /_fake/updates` (an update or an array of updates) queues them for getUpdates;
   * `GET /_fake/requests[?method=sendMessage]` lists recorded Bot API requests (token left out);
   * `POST /_fake/fail` with `{ "method": "sendMessage", "failure": { "code": 429, "retryAfter": 2 } }` scripts a failure;
   * `POST /_fake/members` with `{ "chatId", "userId", "status" }` sets a getChatMember answer.
   */
  private async control(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const body = req.method === "POST" ? await readBody(req) : {};
    if (body === undefined) {
      this.json(res, 400, { ok: false, description: "invalid JSON" });
      return;
    }
    switch (`${req.method} ${url.pathname}`) {
      case "POST /_fake/updates": {
        const raw = Array.isArray((body as { updates?: unknown }).updates) ? (body as { updates: unknown[] }).updates : [body];
        this.pushUpdate(...(raw as Array<Record<string, unknown>>));
        this.json(res, 200, { ok: true, queued: raw.length });
        return;
      }
      case "GET /_fake/requests": {
        const method = url.searchParams.get("method");
        const list = (method ? this.calls(method) : this.requests).map(({ method: m, body: b, at }) => ({ method: m, body: b, at }));
        this.json(res, 200, { ok: true, result: list });
        return;
      }
      case "POST /_fake/fail": {
        const { method, failure } = body as { method?: string; failure?: FakeFailure };
        if (!method || !failure) {
          this.json(res, 400, { ok: false, description: "expected { method, failure }" });
          return;
        }
        this.failNext(method, failure);
        this.json(res, 200, { ok: true });
        return;
      }
      case "POST /_fake/members": {
        const { chatId, userId, status } = body as { chatId?: number; userId?: number; status?: string };
        if (chatId === undefined || userId === undefined || !status) {
          this.json(res, 400, { ok: false, description: "expected { chatId, userId, status }" });
          return;
        }
        this.setChatMember(chatId, userId, status);
        this.json(res, 200, { ok: true });
        return;
      }
      default:
        this.json(res, 404, { ok: false, description: "unknown control route" });
    }
  }

  private json(res: ServerResponse, status: number, payload: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
  }
}

/** A Bot API error answer (`{ ok: false, error_code, description }`) from a method of the fake. */
class FakeApiError extends Error {
  constructor(
    readonly code: number,
    description: string,
  ) {
    super(description);
  }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw.trim() === "") {
    const query = new URL(req.url ?? "/", "http://x").searchParams;
    return Object.fromEntries(query.entries());
  }
  const type = String(req.headers["content-type"] ?? "");
  if (type.includes("multipart/form-data")) return { multipart: true };
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}
