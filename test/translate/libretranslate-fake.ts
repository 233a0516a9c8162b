import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

export interface FakeLibreTranslateOptions {
  /** Source text → English. A text not listed is answered with `fallback` (default: the text itself). */
  translations?: Record<string, string>;
  /** Languages listed by `GET /languages` (each with target `en`). */
  languages?: string[];
  /** When set, `/translate` requires this `api_key` (403 otherwise). */
  apiKey?: string;
}

/**
 * A loopback fake of the LibreTranslate API (`POST /translate`, `GET /languages`), enough for wiring and error
 * handling: translations come from a table; `status` and `delayMs` make it fail or hang on demand.
 */
export class FakeLibreTranslate {
  readonly requests: RecordedRequest[] = [];
  /** When set, every `/translate` answers this HTTP status with an error body. */
  status: number | undefined;
  /** Milliseconds `/translate` waits before answering. */
  delayMs = 0;
  private readonly server: Server;
  private readonly options: FakeLibreTranslateOptions;

  constructor(options: FakeLibreTranslateOptions = {}) {
    this.options = options;
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        if (res.destroyed) return;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  translateRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === "/translate");
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    this.requests.push({ method: req.method ?? "", path, body });
    if (path === "/languages" && req.method === "GET") {
      const codes = ["en", ...(this.options.languages ?? ["es", "ko", "ja", "zh"])];
      return { status: 200, body: codes.map((code) => ({ code, name: code, targets: codes })) };
    }
    if (path !== "/translate" || req.method !== "POST") return { status: 404, body: { error: "Not Found" } };
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.status !== undefined) return { status: this.status, body: { error: "Slowdown: too many requests" } };
    if (this.options.apiKey !== undefined && body?.api_key !== this.options.apiKey) {
      return { status: 403, body: { error: "Invalid API key" } };
    }
    const q = String(body?.q ?? "");
    if (body?.target !== "en") return { status: 400, body: { error: "target must be en in this fake" } };
    return { status: 200, body: { translatedText: this.options.translations?.[q] ?? q } };
  }
}
