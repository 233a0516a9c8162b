import { setFlagsFromString } from "node:v8";

/** The node flags the process was started with: its arguments and `NODE_OPTIONS`. */
export type NodeArgs = { execArgv: readonly string[]; nodeOptions: string | undefined };
const PROCESS_ARGS: NodeArgs = { execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS };

/** Whether the operator gave node a flag `flag` matches (the policies then leave it as given). */
function operatorSet(node: NodeArgs, flag: RegExp): boolean {
  return [...node.execArgv, ...(node.nodeOptions ?? "").split(/\s+/)].some((arg) => flag.test(arg));
}

/** What `applyServeHeapPolicy` did. */
export type HeapPolicy =
  | { applied: true; growingPercent: number }
  | { applied: false; reason: "off" | "set-by-operator" };

/**
 * Bounds how far V8's heap grows between two full collections in the long-running `serve` process (issue 13, soak).
 *
 * V8 sets the old generation's next collection point at the surviving size times a growing factor that it picks from
 * the heap's maximum size and the GC speed: on a machine with 16 GB or more the maximum is 4 GB and the factor goes
 * up to 4.0 (`--trace-gc-verbose` prints "factor 4.0"). The bot's lookups promote short-lived objects to the old
 * generation at several MB/s, so with 60–75 MB alive the heap reserved 250–280 MB before V8 collected, and RSS went
 * from ~210 MB to ~380 MB within a minute of load with the heap in use after each collection flat (measured with
 * `npm run soak`, docs/reliability.md). A fixed factor of 1.35 keeps the reservation near what is alive; V8 then
 * collects the old generation more often (each full collection of a ~70 MB heap is a few ms, mostly concurrent).
 *
 * `--heap-growing-percent` is read at every limit computation, so it can be set from inside the process (unlike
 * `--max-old-space-size`, read once at start). An operator who passes it in `NODE_OPTIONS` or on the command line
 * keeps theirs; `percent` 0 leaves V8's own choice.
 */
export function applyServeHeapPolicy(
  percent: number,
  node: NodeArgs = PROCESS_ARGS,
  setFlags: (flags: string) => void = setFlagsFromString,
): HeapPolicy {
  if (percent <= 0) return { applied: false, reason: "off" };
  if (operatorSet(node, /^--heap[-_]growing[-_]percent(=|$)/)) return { applied: false, reason: "set-by-operator" };
  setFlags(`--heap-growing-percent=${Math.round(percent)}`);
  return { applied: true, growingPercent: Math.round(percent) };
}

/** What `applyServePretenuringPolicy` did. */
export type PretenuringPolicy = { applied: true } | { applied: false; reason: "set-by-operator" };

/**
 * Turns off V8's allocation-site pretenuring in the long-running `serve` process (issue 15, session 22).
 *
 * V8 watches which allocation sites' objects survive young-generation collections and, past a survival ratio, has the
 * site allocate straight in the old generation from then on (it never goes back). A lookup's text analyses come from
 * the same sites as the analyses the candidate cache keeps, so once the cache had kept enough of them, every
 * analysis of every later lookup went to the old generation and died there: more mark-compacts, more CPU, and
 * whether it happened depended on timing (runs of the same lookups promoted 126–204 MB over 500 posts). Without
 * pretenuring the 500 bench posts promoted 46–49 MB, every run (with the cache's admission at second sight,
 * src/core/features.ts `SEEN_PART_KEYS`). An operator who passes `--allocation-site-pretenuring` or its `--no-` form
 * keeps theirs. Set from inside the process: V8 reads it at each young-generation collection.
 */
export function applyServePretenuringPolicy(
  node: NodeArgs = PROCESS_ARGS,
  setFlags: (flags: string) => void = setFlagsFromString,
): PretenuringPolicy {
  if (operatorSet(node, /^--(no[-_])?allocation[-_]site[-_]pretenuring(=|$)/)) return { applied: false, reason: "set-by-operator" };
  setFlags("--no-allocation-site-pretenuring");
  return { applied: true };
}

/**
 * Both of `serve`'s memory policies, as `claimbot serve` applies them; the bench's serving child calls this too, so
 * what it measures is what serves.
 */
export function applyServePolicies(growingPercent: number): { heap: HeapPolicy; pretenuring: PretenuringPolicy } {
  return { heap: applyServeHeapPolicy(growingPercent), pretenuring: applyServePretenuringPolicy() };
}
