import { describe, expect, it } from "vitest";
import { SearchUnavailableError } from "../../src/core/errors.ts";
import { MemoryLogger, silentLogger } from "../../src/core/logger.ts";
import {
  BackendRequestError,
  CircuitBreaker,
  HALF_OPEN_MAX_PROBES,
  Resilience,
  type FailureInfo,
} from "../../src/search/resilience.ts";

class Fail extends Error {
  constructor(readonly info: FailureInfo) {
    super(info.kind);
  }
}
const classify = (error: unknown): FailureInfo => (error instanceof Fail ? error.info : { kind: "client" });
const fast = { baseBackoffMs: 1, maxBackoffMs: 2 };

describe("CircuitBreaker", () => {
  it("opens after the threshold, fails fast, probes after the cool-down and closes on success", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000 }, () => now);
    expect(breaker.tryPass()).toBe(true);
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state).toBe("closed");
    breaker.onFailure();
    expect(breaker.state).toBe("open");
    expect(breaker.tryPass()).toBe(false);
    now = 999;
    expect(breaker.tryPass()).toBe(false);
    expect(breaker.retryInMs()).toBe(1);
    now = 1000;
    for (let i = 0; i < HALF_OPEN_MAX_PROBES; i++) expect(breaker.tryPass()).toBe(true);
    expect(breaker.state).toBe("half-open");
    expect(breaker.tryPass()).toBe(false);
    expect(breaker.onSuccess()).toBe("half-open");
    expect(breaker.state).toBe("closed");
    expect(breaker.tryPass()).toBe(true);
  });

  it("re-opens when the half-open probe fails", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 100 }, () => now);
    breaker.onFailure();
    now = 100;
    expect(breaker.tryPass()).toBe(true);
    expect(breaker.onFailure()).toBe("open");
    expect(breaker.tryPass()).toBe(false);
    now = 199;
    expect(breaker.tryPass()).toBe(false);
    now = 200;
    expect(breaker.tryPass()).toBe(true);
  });
});

describe("Resilience", () => {
  it("retries transient failures and returns the first success", async () => {
    const logger = new MemoryLogger();
    const r = new Resilience({ backend: "test", timeoutMs: 1000, ...fast }, classify, logger);
    let calls = 0;
    const result = await r.run("op", async () => {
      calls++;
      if (calls < 3) throw new Fail({ kind: calls === 1 ? "server" : "rate-limited", status: 503 });
      return "ok";
    });
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(logger.entries.filter((e) => e.message === "search backend request failed")).toHaveLength(2);
  });

  it("turns exhausted retries into SearchUnavailableError", async () => {
    const r = new Resilience({ backend: "test", timeoutMs: 1000, maxAttempts: 2, ...fast }, classify, silentLogger);
    let calls = 0;
    const error = await r
      .run("search", async () => {
        calls++;
        throw new Fail({ kind: "network" });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect((error as Error).message).toBe("test is unavailable: search: network after 2 attempt(s)");
    expect(calls).toBe(2);
  });

  it("does not retry nor count auth and client errors", async () => {
    const r = new Resilience(
      { backend: "test", timeoutMs: 1000, failureThreshold: 1, ...fast },
      classify,
      silentLogger,
    );
    let calls = 0;
    const op = async () => {
      calls++;
      throw new Fail({ kind: "auth", status: 403, code: "invalid_api_key" });
    };
    await expect(r.run("op", op)).rejects.toBeInstanceOf(BackendRequestError);
    await expect(r.run("op", op)).rejects.toThrow("test op failed: auth, HTTP 403, invalid_api_key");
    expect(calls).toBe(2);
    expect(r.breaker.state).toBe("closed");
  });

  it("rethrows our own bugs unchanged", async () => {
    const r = new Resilience({ backend: "test", timeoutMs: 1000 }, classify, silentLogger);
    const bug = new RangeError("oops");
    await expect(r.run("op", async () => Promise.reject(bug))).rejects.toBe(bug);
  });

  it("keeps a whole operation inside its budget when the backend hangs", async () => {
    const r = new Resilience({ backend: "test", timeoutMs: 300, ...fast }, classify, silentLogger);
    const started = Date.now();
    let aborted = false;
    const error = await r
      .run(
        "search",
        (signal) =>
          new Promise<never>(() => {
            signal.addEventListener("abort", () => (aborted = true));
          }),
        { budget: true },
      )
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect((error as Error).message).toContain("timeout");
    expect(aborted).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(800);
  });
});
