/** Upper bounds (seconds) of the lookup latency histogram buckets. */
export const LOOKUP_LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");
}

/**
 * The bot's Prometheus metrics, kept in memory and rendered as text exposition format (version 0.0.4) by
 * `GET /metrics`. Small and dependency-free: counters with labels, one histogram, gauges read on demand.
 */
export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly histogramCounts = new Map<string, number[]>();
  private readonly histogramSums = new Map<string, number>();
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  constructor() {
    this.defineCounter("claimbot_lookups_total", "Lookups by outcome and mode.");
    this.defineCounter("claimbot_errors_total", "Unexpected errors by where they happened.");
    this.defineCounter("claimbot_group_decisions_total", "Group moderation decisions by kind.");
    this.defineCounter("claimbot_http_requests_total", "HTTP API requests by route and status.");
    // Zero series, so dashboards and alerts see the metric before the first error.
    for (const where of ["lookup", "search-unavailable", "command", "http"]) this.inc("claimbot_errors_total", { where }, 0);
  }

  private defineCounter(name: string, help: string): void {
    this.counters.set(name, { help, values: new Map() });
  }

  /** Adds `by` to a counter (defined in the constructor). */
  inc(name: string, labels: Labels = {}, by = 1): void {
    const counter = this.counters.get(name);
    if (!counter) return;
    const key = labelKey(labels);
    counter.values.set(key, (counter.values.get(key) ?? 0) + by);
  }

  /** Value of a counter for exact labels (tests, console). */
  get(name: string, labels: Labels = {}): number {
    return this.counters.get(name)?.values.get(labelKey(labels)) ?? 0;
  }

  /** Records one lookup: its outcome and its wall time. */
  observeLookup(outcome: string, mode: string, seconds: number): void {
    this.inc("claimbot_lookups_total", { outcome, mode });
    const key = labelKey({ mode });
    const counts = this.histogramCounts.get(key) ?? new Array<number>(LOOKUP_LATENCY_BUCKETS_S.length + 1).fill(0);
    const bucket = LOOKUP_LATENCY_BUCKETS_S.findIndex((le) => seconds <= le);
    counts[bucket === -1 ? LOOKUP_LATENCY_BUCKETS_S.length : bucket]! += 1;
    this.histogramCounts.set(key, counts);
    this.histogramSums.set(key, (this.histogramSums.get(key) ?? 0) + seconds);
  }

  /** A gauge read when `/metrics` is rendered (queue depths). */
  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  /** Prometheus text exposition. */
  render(): string {
    const lines: string[] = [];
    for (const [name, counter] of this.counters) {
      lines.push(`# HELP ${name} ${counter.help}`, `# TYPE ${name} counter`);
      for (const [key, value] of counter.values) lines.push(`${name}${key ? `{${key}}` : ""} ${value}`);
    }
    const hist = "claimbot_lookup_duration_seconds";
    lines.push(`# HELP ${hist} Lookup wall time in seconds.`, `# TYPE ${hist} histogram`);
    for (const [key, counts] of this.histogramCounts) {
      let cumulative = 0;
      LOOKUP_LATENCY_BUCKETS_S.forEach((le, i) => {
        cumulative += counts[i] ?? 0;
        lines.push(`${hist}_bucket{${key},le="${le}"} ${cumulative}`);
      });
      cumulative += counts[LOOKUP_LATENCY_BUCKETS_S.length] ?? 0;
      lines.push(`${hist}_bucket{${key},le="+Inf"} ${cumulative}`);
      lines.push(`${hist}_sum{${key}} ${this.histogramSums.get(key) ?? 0}`);
      lines.push(`${hist}_count{${key}} ${cumulative}`);
    }
    for (const [name, gauge] of this.gauges) {
      let value = Number.NaN;
      try {
        value = gauge.read();
      } catch {
        value = Number.NaN;
      }
      lines.push(`# HELP ${name} ${gauge.help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    }
    return `${lines.join("\n")}\n`;
  }
}
