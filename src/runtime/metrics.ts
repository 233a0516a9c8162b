import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Upper bounds (seconds) of the lookup latency histogram buckets. */
export const LOOKUP_LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** The bot's counters, their help text and label names. */
const COUNTERS = {
  claimbot_lookups_total: { help: "Lookups by outcome and mode.", labelNames: ["outcome", "mode"] },
  claimbot_errors_total: { help: "Unexpected errors by where they happened.", labelNames: ["where"] },
  claimbot_group_decisions_total: { help: "Group moderation decisions by kind.", labelNames: ["kind"] },
  claimbot_http_requests_total: { help: "HTTP API requests by route and status.", labelNames: ["route", "status"] },
  claimbot_direct_flood_total: { help: "Private messages held back by the per-user flood limit, by verdict.", labelNames: ["verdict"] },
} as const;

/** Name of one of the bot's counters. */
export type CounterName = keyof typeof COUNTERS;

type Labels = Record<string, string>;

let processRegistry: Registry | undefined;

/**
 * Node's process metrics (`process_*`, `nodejs_*`: CPU, memory, event loop lag, GC, handles), collected once per
 * process however many `Metrics` exist (tests build many; each collector would add its own GC observer).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The bot's Prometheus metrics (prom-client), rendered in the text exposition format (version 0.0.4) by
 * `GET /metrics`: counters with labels, the lookup latency histogram, gauges read when rendered, and Node's default
 * process metrics. Each instance has its own registry, so apps and tests in one process never share a series.
 */
export class Metrics {
  private readonly registry = new Registry();
  private readonly counters = new Map<CounterName, Counter<string>>();
  private readonly lookupSeconds: Histogram<"mode">;

  constructor() {
    for (const [name, { help, labelNames }] of Object.entries(COUNTERS) as Array<[CounterName, (typeof COUNTERS)[CounterName]]>) {
      this.counters.set(name, new Counter({ name, help, labelNames: [...labelNames], registers: [this.registry] }));
    }
    this.lookupSeconds = new Histogram({
      name: "claimbot_lookup_duration_seconds",
      help: "Lookup wall time in seconds.",
      labelNames: ["mode"],
      buckets: [...LOOKUP_LATENCY_BUCKETS_S],
      registers: [this.registry],
    });
    // Zero series, so dashboards and alerts see the metric before the first error.
    for (const where of ["lookup", "search-unavailable", "command", "http"]) this.inc("claimbot_errors_total", { where }, 0);
    processMetrics();
  }

  /** Adds `by` (≥ 0) to a counter; `by = 0` creates the series at zero. */
  inc(name: CounterName, labels: Labels = {}, by = 1): void {
    // Labels in name order, as /metrics has always printed them (`{mode="dm",outcome="match"}`).
    const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.counters.get(name)?.inc(sorted, by);
  }

  /** Value of a counter for exact labels (tests, console); 0 for a series never touched. */
  async get(name: CounterName, labels: Labels = {}): Promise<number> {
    const counter = this.counters.get(name);
    if (!counter) return 0;
    const wanted = Object.entries(labels).sort().join("\n");
    const { values } = await counter.get();
    const hit = values.find((v) => Object.entries(v.labels).map(([k, x]) => [k, String(x)]).sort().join("\n") === wanted);
    return hit?.value ?? 0;
  }

  /** Records one lookup: its outcome and its wall time. */
  observeLookup(outcome: string, mode: string, seconds: number): void {
    this.inc("claimbot_lookups_total", { outcome, mode });
    this.lookupSeconds.observe({ mode }, seconds);
  }

  /**
   * A gauge read when `/metrics` is rendered (queue depths). Defining a name again replaces the reader (a restarted
   * adapter); a reader that throws reports NaN.
   */
  gauge(name: string, help: string, read: () => number): void {
    this.registry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        let value = Number.NaN;
        try {
          value = read();
        } catch {
          value = Number.NaN;
        }
        this.set(value);
      },
    });
  }

  /** The `Content-Type` of {@link render}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Prometheus text exposition: the bot's metrics, then Node's process metrics. */
  async render(): Promise<string> {
    return `${await this.registry.metrics()}\n${await processMetrics().metrics()}`;
  }
}
