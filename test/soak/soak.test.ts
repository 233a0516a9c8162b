import { expect, it } from "vitest";
import { runSoak } from "./soak.ts";

/**
 * The short soak (issue 13): the same run as `npm run soak`, a few seconds long at a lower rate, so `npm test`
 * keeps the whole path honest: nothing lost, no crash, Telegram's send limits kept, the HTTP API answering.
 */
it("short soak: serve under mixed Telegram, Discord and HTTP load loses nothing and keeps the send limits", async () => {
  const report = await runSoak({ seconds: 4, rate: 250, httpClients: 8, discordRate: 5, rssAtSeconds: 1.5, drainSeconds: 40, checkRss: false, checkRate: false, log: () => {} });
  expect(report.failures).toEqual([]);
  // Load really arrived (on a busy test machine the generator may push less than 250/s; the bot's checks still hold).
  expect(report.received).toBeGreaterThanOrEqual(400);
  expect(report.lost).toBe(0);
  expect(report.crashes).toBe(0);
  expect(report.answered).toBeGreaterThan(0);
  expect(report.maxGlobalPerSecond).toBeLessThanOrEqual(30);
  expect(report.http.requests).toBeGreaterThan(0);
}, 150_000);
