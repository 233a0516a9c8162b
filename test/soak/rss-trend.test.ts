import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RSS_SETTLED_FROM_SECONDS, RSS_SETTLED_GROWTH_MAX, rssFailure, settledRssTrend } from "./soak.ts";

/** A real 15-minute soak's RSS (test/fixtures/soak/rss-900s.json): warm-up for ~8 minutes, then flat. */
const run = JSON.parse(readFileSync(new URL("../fixtures/soak/rss-900s.json", import.meta.url), "utf8")) as {
  seconds: number;
  samples: { atSeconds: number; rssMb: number }[];
};

describe("the soak's RSS rule", () => {
  it("passes a long run that warmed up and then stayed flat, though it grew 33% from its 10 s sample", () => {
    const trend = settledRssTrend(run.samples, run.seconds)!;
    expect(trend.fromSeconds).toBe(600);
    expect(trend.samples).toBeGreaterThanOrEqual(55);
    expect(trend.growth).toBeLessThan(RSS_SETTLED_GROWTH_MAX);
    expect(trend.growth).toBeGreaterThan(-0.01);
    expect(rssFailure({ rssGrowth: 0.325, rssFirstMb: 169, rssEndMb: 224, rssSettled: trend }, run.seconds)).toBeUndefined();
  });

  it("fails the same run with a leak of 0.1 MB/s added to it", () => {
    const leaking = run.samples.map((s) => ({ atSeconds: s.atSeconds, rssMb: s.rssMb + 0.1 * s.atSeconds }));
    const trend = settledRssTrend(leaking, run.seconds)!;
    expect(trend.mbPerHour).toBeGreaterThan(300);
    expect(trend.growth).toBeGreaterThan(RSS_SETTLED_GROWTH_MAX);
    expect(rssFailure({ rssGrowth: 0.6, rssFirstMb: 170, rssEndMb: 314, rssSettled: trend }, run.seconds)).toMatch(/still growing in the last third/);
  });

  it("is not thrown off by one low sample (V8 giving back pooled pages)", () => {
    const dip = run.samples.map((s) => (s.atSeconds === 901 ? { ...s, rssMb: s.rssMb - 15 } : s));
    const trend = settledRssTrend(dip, run.seconds)!;
    expect(Math.abs(trend.growth)).toBeLessThan(RSS_SETTLED_GROWTH_MAX);
  });

  it("keeps issue 13's rule (10 s sample against the end, at most 10%) for runs under the settled length", () => {
    expect(RSS_SETTLED_FROM_SECONDS).toBeGreaterThan(60);
    expect(rssFailure({ rssGrowth: 0.115, rssFirstMb: 174, rssEndMb: 194 }, 60)).toBe("RSS grew 12 % (174 → 194 MB)");
    expect(rssFailure({ rssGrowth: 0.05, rssFirstMb: 204, rssEndMb: 214 }, 60)).toBeUndefined();
  });

  it("fails a long run whose last third has too few samples to judge", () => {
    expect(settledRssTrend(run.samples.slice(0, 5), run.seconds)).toBeUndefined();
    expect(rssFailure({ rssGrowth: 0, rssFirstMb: 170, rssEndMb: 170 }, 900)).toMatch(/too few RSS samples/);
  });
});
