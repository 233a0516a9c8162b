import type { OutboxItem, Platform } from "../../src/runtime/types.ts";

/**
 * The shared part of the adapters' hand-written `Runtime` fakes (a fake at the port boundary): it records every
 * call, keeps a per-key cooldown for the group policy and serves an outbox the test fills. The Telegram and Discord
 * fakes extend it (`extends RecordingRuntime implements Runtime`) with their own replies and commands.
 */
export abstract class RecordingRuntime {
  /** Every call, in order: the method and its arguments as the adapter passed them. */
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  /** Items `takeOutbox` offers until they are acknowledged. */
  readonly outbox: OutboxItem[] = [];
  readonly acked: number[] = [];
  private readonly lastSent = new Map<string, number>();

  protected record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  /** The argument lists of every call of `method`. */
  of(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /**
   * True when `key` was not acted on within `cooldownMinutes` before `date` (Unix ms); then `date` is remembered
   * as its last action.
   */
  protected offCooldown(key: string, date: number, cooldownMinutes: number): boolean {
    const last = this.lastSent.get(key);
    if (last !== undefined && date - last < cooldownMinutes * 60_000) return false;
    this.lastSent.set(key, date);
    return true;
  }

  resetCooldowns(): void {
    this.lastSent.clear();
  }

  async takeOutbox(platform: Platform, limit: number): Promise<OutboxItem[]> {
    return this.outbox.filter((i) => i.platform === platform && !this.acked.includes(i.id)).slice(0, limit);
  }

  async ackOutbox(ids: readonly number[]): Promise<void> {
    this.acked.push(...ids);
  }
}
