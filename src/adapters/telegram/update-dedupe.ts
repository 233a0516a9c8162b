/** How many recent update ids are remembered to drop redeliveries. */
export const UPDATE_DEDUPE_CAPACITY = 10_000;

/**
 * Remembers the last `capacity` update ids so an update delivered twice (a webhook retry, a poll after a crash) is
 * handled once. Check-and-mark is synchronous, so two copies arriving in the same batch cannot both pass.
 */
export class UpdateDedupe {
  private readonly seen = new Set<number>();
  private readonly order: number[] = [];
  private head = 0;

  constructor(private readonly capacity: number = UPDATE_DEDUPE_CAPACITY) {}

  /** True the first time an id is offered, false for a repeat. */
  firstTime(updateId: number): boolean {
    if (this.seen.has(updateId)) return false;
    this.seen.add(updateId);
    this.order.push(updateId);
    if (this.order.length - this.head > this.capacity) {
      const oldest = this.order[this.head++];
      if (oldest !== undefined) this.seen.delete(oldest);
      if (this.head > this.capacity) {
        this.order.splice(0, this.head);
        this.head = 0;
      }
    }
    return true;
  }
}
