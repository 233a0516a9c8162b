import { describe, expect, it } from "vitest";
import { EngineCrashedError, EnginePool, type OcrEngine } from "../../src/ocr/engine-pool.ts";
import { joinSpacedHangul, scriptLanguage, wordsToText } from "../../src/ocr/ocr-text.ts";

/** A fake engine at the pool's boundary: `hang` never answers, `fail` rejects, anything else reads "ok". */
function fakeEngines() {
  const made: Array<{ terminated: boolean }> = [];
  const createEngine = async (): Promise<OcrEngine> => {
    const state = { terminated: false };
    made.push(state);
    return {
      recognize: (image) => {
        const kind = new TextDecoder().decode(image);
        if (kind === "hang") return new Promise(() => undefined);
        if (kind === "fail") return Promise.reject(new Error("Error attempting to read image."));
        if (kind === "crash") return Promise.reject(new EngineCrashedError());
        return Promise.resolve([{ text: kind, confidence: 95, line: 0 }]);
      },
      terminate: async () => {
        state.terminated = true;
      },
    };
  };
  return { made, createEngine };
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe("engine pool", () => {
  it("starts engines lazily, one per busy slot", async () => {
    const { made, createEngine } = fakeEngines();
    const pool = new EnginePool({ size: 2, timeoutMs: 1_000, createEngine });
    expect(made).toHaveLength(0);
    await Promise.all([pool.run(bytes("a")), pool.run(bytes("b")), pool.run(bytes("c"))]);
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(made.length).toBeLessThanOrEqual(2);
    await pool.close();
    expect(made.every((m) => m.terminated)).toBe(true);
  });

  it("a hung image times out, its engine is terminated and a fresh engine reads the next image", async () => {
    const { made, createEngine } = fakeEngines();
    const pool = new EnginePool({ size: 1, timeoutMs: 50, createEngine });
    expect(await pool.run(bytes("hang"))).toEqual({ ok: false, problem: "timeout" });
    expect(made[0]?.terminated).toBe(true);
    const next = await pool.run(bytes("next"));
    expect(next).toMatchObject({ ok: true, words: [{ text: "next" }] });
    expect(made).toHaveLength(2);
    expect(pool.stats).toMatchObject({ started: 2, restarted: 1, timeouts: 1 });
    await pool.close();
  });

  it("a decoder failure is `unreadable`, the engine is kept", async () => {
    const { made, createEngine } = fakeEngines();
    const pool = new EnginePool({ size: 1, timeoutMs: 1_000, createEngine });
    expect(await pool.run(bytes("fail"))).toEqual({ ok: false, problem: "unreadable" });
    expect(await pool.run(bytes("x"))).toMatchObject({ ok: true });
    expect(made).toHaveLength(1);
    await pool.close();
  });

  it("an engine whose thread crashed is replaced: `unreadable` for that image, a fresh engine for the next", async () => {
    const { made, createEngine } = fakeEngines();
    const pool = new EnginePool({ size: 1, timeoutMs: 1_000, createEngine });
    expect(await pool.run(bytes("crash"))).toEqual({ ok: false, problem: "unreadable" });
    expect(made[0]?.terminated).toBe(true);
    expect(await pool.run(bytes("next"))).toMatchObject({ ok: true });
    expect(made).toHaveLength(2);
    expect(pool.stats.restarted).toBe(1);
    await pool.close();
  });

  it("refuses beyond the queue bound and after close", async () => {
    const { createEngine } = fakeEngines();
    const pool = new EnginePool({ size: 1, timeoutMs: 200, maxQueue: 1, createEngine });
    const results = await Promise.all([pool.run(bytes("hang")), pool.run(bytes("a")), pool.run(bytes("b"))]);
    expect(results.map((r) => (r.ok ? "ok" : r.problem))).toEqual(["timeout", "ok", "busy"]);
    await pool.close();
    expect(await pool.run(bytes("a"))).toEqual({ ok: false, problem: "unavailable" });
  });

  it("an engine that cannot start → unavailable, and the slot tries again next time", async () => {
    let attempts = 0;
    const pool = new EnginePool({
      size: 1,
      timeoutMs: 100,
      createEngine: async () => {
        attempts++;
        throw new Error("no wasm");
      },
    });
    expect(await pool.run(bytes("a"))).toEqual({ ok: false, problem: "unavailable" });
    expect(await pool.run(bytes("a"))).toEqual({ ok: false, problem: "unavailable" });
    expect(attempts).toBe(2);
    await pool.close();
  });
});

describe("OCR text cleanup", () => {
  it("drops low-confidence noise and symbol-only words", () => {
    expect(wordsToText([{ text: "ia", confidence: 19, line: 0 }, { text: "|", confidence: 61, line: 0 }, { text: "개", confidence: 35, line: 1 }])).toEqual({ text: "", confidence: 0 });
  });
  it("keeps lines and joins spaced-out Hangul syllables", () => {
    const words = [
      { text: "[속보]", confidence: 96, line: 0 },
      { text: "러시아", confidence: 96, line: 0 },
      ...["우", "크", "라", "이", "나", "에"].map((text) => ({ text, confidence: 93, line: 1 })),
      { text: "파병", confidence: 97, line: 1 },
    ];
    expect(wordsToText(words).text).toBe("[속보] 러시아\n우크라이나에 파병");
  });
  it("does not join ordinary two-syllable words", () => {
    expect(joinSpacedHangul("북한 러시아 지원")).toBe("북한 러시아 지원");
    expect(joinSpacedHangul("그 날 이 왔다")).toBe("그날이 왔다");
  });
  it("guesses the language from the script", () => {
    expect(scriptLanguage("북한이 우크라이나에 파병 (AFP)")).toBe("ko");
    expect(scriptLanguage("North Korea")).toBe("en");
    expect(scriptLanguage("12 345")).toBe("und");
  });

});

describe("engine pool start failures", () => {
  it("an engine that fails to start answers unavailable and is reported; one that starts after its deadline is stopped", async () => {
    const failures: unknown[] = [];
    const rejecting = new EnginePool({
      size: 1,
      timeoutMs: 1_000,
      createEngine: () => Promise.reject(new Error("Error opening data file ./eng.traineddata")),
      onStartFailure: (error) => failures.push(error),
    });
    expect(await rejecting.run(bytes("a"))).toEqual({ ok: false, problem: "unavailable" });
    expect(await rejecting.run(bytes("b"))).toEqual({ ok: false, problem: "unavailable" });
    expect(failures.map((e) => (e as Error).message)).toEqual(["Error opening data file ./eng.traineddata", "Error opening data file ./eng.traineddata"]);
    await rejecting.close();

    const late = { terminated: false };
    let finishStart: (engine: OcrEngine) => void = () => undefined;
    const slow = new EnginePool({
      size: 1,
      timeoutMs: 1_000,
      startTimeoutMs: 50,
      createEngine: () => new Promise<OcrEngine>((resolve) => (finishStart = resolve)),
      onStartFailure: (error) => failures.push(error),
    });
    expect(await slow.run(bytes("a"))).toEqual({ ok: false, problem: "unavailable" });
    expect((failures.at(-1) as Error).name).toBe("Timeout");
    finishStart({ recognize: async () => [], terminate: async () => void (late.terminated = true) });
    await new Promise((r) => setTimeout(r, 10));
    expect(late.terminated).toBe(true);
    await slow.close();
  });
});
