import type { Command } from "commander";

/** Default window of `claimbot trends` (days). */
const DEFAULT_TREND_DAYS = 7;

interface TrendsOptions {
  days: string;
  limit: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("trends")
    .description("Claims and fact-checks seen most often across chats (hashed, no text)")
    .option("--days <n>", "look back this many days", String(DEFAULT_TREND_DAYS))
    .option("--limit <n>", "show at most this many", "20")
    .option("--json", "print JSON")
    .action(async (options: TrendsOptions) => {
      const { createApp } = await import("../../app.ts");
      const { dayOf } = await import("../../store/trend-store.ts");
      const days = Math.max(1, Number.parseInt(options.days, 10) || DEFAULT_TREND_DAYS);
      const limit = Math.min(1000, Math.max(1, Number.parseInt(options.limit, 10) || 20));
      const app = await createApp({ skipStarterData: true });
      try {
        const rows = app.stores.trends.top(dayOf(Date.now() - (days - 1) * 86_400_000), limit);
        const ids = rows.filter((r) => r.key.startsWith("fc:")).map((r) => r.key.slice(3));
        const known = new Map((await app.index.get(ids).catch(() => [])).map((fc) => [fc.id, fc]));
        const out = rows.map((r) => {
          const fc = r.key.startsWith("fc:") ? known.get(r.key.slice(3)) : undefined;
          return { ...r, factCheck: fc ? { claim: fc.claim, rating: fc.rating, publisher: fc.publisher.name, url: fc.url } : null };
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
          return;
        }
        if (out.length === 0) process.stdout.write(`No trends in the last ${days} day(s).\n`);
        for (const r of out) {
          const what = r.factCheck ? `${r.factCheck.rating} — ${r.factCheck.publisher}: ${r.factCheck.claim.slice(0, 120)}` : `(unchecked claim, hash ${r.key.slice(6)})`;
          process.stdout.write(`${String(r.chats).padStart(5)} chats ${String(r.seen).padStart(6)} seen  ${what}\n`);
        }
      } finally {
        await app.close();
      }
    });
}
