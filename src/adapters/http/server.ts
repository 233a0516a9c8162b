import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import type { Config } from "../../config.ts";
import { SearchUnavailableError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import { toLookupJson } from "../../core/lookup.ts";
import type { Lookup, LookupFn } from "../../core/lookup-types.ts";
import type { Metrics } from "../../runtime/metrics.ts";
import { bytesImageSource } from "../../runtime/image-source.ts";
import { postWithImageText, type ImageReader } from "../../runtime/image-text.ts";
import { gateLookup, LookupBusyError } from "../../runtime/lookup-gate.ts";

/** Longest `text` accepted by `POST /v1/lookup` (characters); the body limit applies first. */
export const HTTP_LOOKUP_TEXT_MAX_CHARS = 100_000;
/** A request body must arrive within this time (ms). */
export const HTTP_REQUEST_TIMEOUT_MS = 30_000;

/** `image` as sent: base64, or a `data:image/…;base64,` URL. */
const BASE64 = /^(?:data:image\/[a-z0-9.+-]+;base64,)?[A-Za-z0-9+/\r\n]*={0,2}$/;

const LookupBody = z
  .object({
    text: z.string().max(HTTP_LOOKUP_TEXT_MAX_CHARS).optional(),
    image: z.string().regex(BASE64, "expected base64 (or a data:image/...;base64, URL)").optional(),
    mode: z.enum(["dm", "group"]).optional(),
    lang: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a BCP-47 language tag")
      .optional(),
  })
  .strict()
  .refine((b) => b.text !== undefined || b.image !== undefined, { message: "text or image is required", path: ["text"] });

export interface HttpServerDeps {
  config: Pick<Config, "HTTP_API_TOKEN" | "HTTP_MAX_BODY_BYTES"> & Partial<Pick<Config, "HTTP_RATE_LIMIT_PER_MINUTE">>;
  lookup: LookupFn;
  metrics: Metrics;
  logger: Logger;
  /** Reads images sent as `image` (absent when OCR is off: such requests get 422 `ocr_disabled`). */
  images?: ImageReader;
  /** False while shutting down: `/healthz` answers 503 so load balancers stop sending. */
  ready?: () => boolean;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain; version=0.0.4; charset=utf-8" : "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, "payload_too_large", `request body exceeds ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, "payload_too_large", `request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (error) => {
      if (!failed) reject(error);
    });
  });
}

/** Window of the per-client limit (ms). */
export const HTTP_RATE_WINDOW_MS = 60_000;
/** Clients tracked before idle ones are swept (the map never grows without bound). */
const RATE_CLIENTS_SWEEP_AT = 10_000;

/**
 * Per-client request budget of `POST /v1/lookup`: `limit` requests per fixed window of `HTTP_RATE_WINDOW_MS` per
 * client. The client is its bearer token (hashed, never kept in clear) when it sends one, else its address.
 */
export class ClientRateLimit {
  private readonly clients = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when the request may go, else the seconds until the client's window resets. */
  take(client: string): number {
    if (this.limit <= 0) return 0;
    const now = this.now();
    let entry = this.clients.get(client);
    if (!entry || now - entry.start >= HTTP_RATE_WINDOW_MS) {
      if (this.clients.size >= RATE_CLIENTS_SWEEP_AT) {
        for (const [key, e] of this.clients) if (now - e.start >= HTTP_RATE_WINDOW_MS) this.clients.delete(key);
      }
      entry = { start: now, count: 0 };
      this.clients.set(client, entry);
    }
    if (entry.count >= this.limit) return Math.max(1, Math.ceil((entry.start + HTTP_RATE_WINDOW_MS - now) / 1000));
    entry.count++;
    return 0;
  }
}

function clientKey(req: IncomingMessage): string {
  const auth = req.headers.authorization;
  if (auth) return `t:${createHash("sha256").update(auth).digest("hex").slice(0, 16)}`;
  return `a:${req.socket.remoteAddress ?? "unknown"}`;
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The HTTP API: `GET /healthz`, `GET /metrics` (Prometheus text), `POST /v1/lookup` (`{text, mode?, lang?}` → the
 * `check --json` object). Bodies are limited to `HTTP_MAX_BODY_BYTES`; with `HTTP_API_TOKEN` set, `/v1/lookup`
 * needs `Authorization: Bearer <token>`. Errors are JSON `{error, message}` with a 4xx/5xx status, never a crash.
 */
export function createHttpServer(deps: HttpServerDeps): Server {
  const { config, metrics } = deps;
  const logger = deps.logger.child({ adapter: "http" });
  const rateLimit = new ClientRateLimit(config.HTTP_RATE_LIMIT_PER_MINUTE ?? 0);
  // A few lookups at a time, each in its own event-loop turn: HTTP clients wait here rather than starve the bots.
  const gate = gateLookup(deps.lookup);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/healthz") {
      if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "method_not_allowed", "use GET");
      const ready = deps.ready?.() ?? true;
      send(res, ready ? 200 : 503, { status: ready ? "ok" : "shutting-down" });
      return path;
    }
    if (path === "/metrics") {
      if (req.method !== "GET") throw new HttpError(405, "method_not_allowed", "use GET");
      send(res, 200, await metrics.render(), { "content-type": metrics.contentType });
      return path;
    }
    if (path === "/v1/lookup") {
      if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", "use POST");
      if (!authorized(req, config.HTTP_API_TOKEN)) {
        throw new HttpError(401, "unauthorized", "missing or wrong bearer token");
      }
      const waitS = rateLimit.take(clientKey(req));
      if (waitS > 0) throw new HttpError(429, "rate_limited", `too many requests; retry in ${waitS} s`, undefined, { "retry-after": String(waitS) });
      const raw = await readBody(req, config.HTTP_MAX_BODY_BYTES);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString("utf8"));
      } catch {
        throw new HttpError(400, "invalid_json", "the body is not valid JSON");
      }
      const parsed = LookupBody.safeParse(json);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        throw new HttpError(400, "invalid_body", 'expected {"text"?: string, "image"?: base64, "mode"?: "dm"|"group", "lang"?: string} with text or image', issues);
      }
      const { mode = "dm", lang } = parsed.data;
      let text = parsed.data.text ?? "";
      let imageJson: { text: string; confidence: number } | undefined;
      if (parsed.data.image !== undefined) {
        if (!deps.images) throw new HttpError(422, "ocr_disabled", "reading images is switched off on this server (OCR_ENABLED=false)");
        const bytes = new Uint8Array(Buffer.from(parsed.data.image.replace(/^data:[^,]*,/, ""), "base64"));
        const read = await deps.images.read([bytesImageSource(bytes)]);
        const [problem] = read.problems;
        if (problem) throw new HttpError(422, "image_unreadable", `the image could not be read: ${problem}`, { problem });
        imageJson = { text: read.text, confidence: read.confidence };
        if (!read.text && !text.trim()) {
          send(res, 200, { outcome: "rejected", matches: [], reason: "no-text-in-image", image: imageJson });
          return path;
        }
        text = postWithImageText({ text }, read).text;
      }
      let started = performance.now();
      let lookup: Lookup;
      try {
        lookup = await gate.lookup(lang ? { text, lang } : { text }, mode, () => (started = performance.now()));
      } catch (error) {
        if (error instanceof LookupBusyError) throw new HttpError(503, "busy", "too many lookups waiting; retry in 1 s", undefined, { "retry-after": "1" });
        if (!(error instanceof SearchUnavailableError)) throw error;
        lookup = { outcome: "rejected", reason: "search-unavailable", mode, matches: [], candidates: [], query: { language: "und", cleanedLength: 0, queries: [], urls: [] }, tookMs: 0 };
      }
      metrics.observeLookup(lookup.outcome, mode, (performance.now() - started) / 1000);
      const unavailable = lookup.outcome === "rejected" && lookup.reason === "search-unavailable";
      send(res, unavailable ? 503 : 200, imageJson ? { ...toLookupJson(lookup), image: imageJson } : toLookupJson(lookup));
      return path;
    }
    throw new HttpError(404, "not_found", "no such route");
  }

  const server = createServer((req, res) => {
    route(req, res)
      .then((path) => metrics.inc("claimbot_http_requests_total", { route: path, status: String(res.statusCode) }))
      .catch((error: unknown) => {
        const known = error instanceof HttpError;
        if (!known) {
          metrics.inc("claimbot_errors_total", { where: "http" });
          logger.error("http request failed", { err: error instanceof Error ? error.name : "unknown" });
        }
        const status = known ? error.status : 500;
        const body: Record<string, unknown> = known
          ? { error: error.code, message: error.message }
          : { error: "internal", message: "internal error" };
        if (known && error.details) body.issues = error.details;
        metrics.inc("claimbot_http_requests_total", { route: "error", status: String(status) });
        if (res.headersSent) {
          res.end();
          return;
        }
        const headers: Record<string, string> = { ...(known ? error.headers : {}), ...(status === 401 ? { "www-authenticate": "Bearer" } : {}) };
        if (status === 413) headers.connection = "close";
        send(res, status, body, headers);
        if (status === 413 || status === 429) req.resume();
      });
  });
  server.requestTimeout = HTTP_REQUEST_TIMEOUT_MS;
  return server;
}

/** A listening HTTP API server. */
export interface RunningHttpServer {
  port: number;
  /** Stops accepting connections and waits for requests in flight. */
  stop(): Promise<void>;
}

/** Starts `createHttpServer` on `host:port` (port 0: any free port). */
export async function startHttpServer(deps: HttpServerDeps, port: number, host: string): Promise<RunningHttpServer> {
  const http = createHttpServer(deps);
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const actual = (http.address() as AddressInfo).port;
  deps.logger.info("http server listening", { host, port: actual });
  return {
    port: actual,
    stop: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeIdleConnections();
      }),
  };
}
