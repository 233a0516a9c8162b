/**
 * Repeated, alternated bench steps (`npm run bench -- --rounds n`). On a shared or paravirtualised machine one run of
 * a step moves by ±10–20% with the host (issue 15, sessions 13–19: the bare FTS5 floor's DM p50 read 5.38 ms in one
 * run and 9.21 ms in the next, three minutes later), so a figure and its floor measured once each, minutes apart, can
 * land on either side of a target line. With rounds, claimbot and its floor are measured in pairs whose order
 * alternates (A B, B A, A B, …: drift over the run falls on both alike) and each figure is the median of its rounds.
 */

/** The two steps of round `round` (0-based) in the order they run: `a` first in even rounds, `b` first in odd ones. */
export function roundOrder<T>(round: number, a: T, b: T): [T, T] {
  return round % 2 === 0 ? [a, b] : [b, a];
}

/** One round: claimbot's result and its floor's, measured one after the other. */
export interface RoundPair<T> {
  claimbot: T;
  floor: T;
}

/**
 * Measures claimbot and its floor `rounds` times in alternating order (`roundOrder`: claimbot first in even rounds):
 * the median of each figure for either side (`medianOf`), and every round in run order when there were several.
 */
export async function claimbotAndFloor<T>(
  rounds: number,
  steps: { claimbot: (round: number) => Promise<T>; floor: (round: number) => Promise<T> },
): Promise<RoundPair<T> & { rounds?: Array<RoundPair<T>> }> {
  const measured: Array<RoundPair<T>> = [];
  for (let round = 0; round < rounds; round++) {
    const pair: Partial<RoundPair<T>> = {};
    for (const side of roundOrder<keyof RoundPair<T>>(round, "claimbot", "floor")) pair[side] = await steps[side](round);
    measured.push(pair as RoundPair<T>);
  }
  return {
    claimbot: medianOf(measured.map((r) => r.claimbot)),
    floor: medianOf(measured.map((r) => r.floor)),
    ...(measured.length > 1 ? { rounds: measured } : {}),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * One result standing for several rounds of the same step: every number the median of that number across the rounds
 * (field by field, so a p50 and a p99 may come from different rounds), nested objects alike; strings, booleans and
 * arrays from the first round. Keys are the first round's.
 */
export function medianOf<T>(rounds: readonly T[]): T {
  if (rounds.length === 0) throw new Error("medianOf needs at least one round");
  const first = rounds[0]!;
  if (rounds.length === 1) return first;
  if (typeof first === "number") {
    const numbers = rounds.filter((r): r is T & number => typeof r === "number" && Number.isFinite(r));
    return (numbers.length > 0 ? median(numbers) : first) as T;
  }
  if (!isPlainObject(first)) return first;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first)) {
    const values = rounds.map((r) => (isPlainObject(r) ? r[key] : undefined)).filter((v) => v !== undefined);
    out[key] = medianOf(values);
  }
  return out as T;
}
