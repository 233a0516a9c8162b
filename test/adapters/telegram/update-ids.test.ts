import { afterEach, expect, it } from "vitest";
import { DeliveryQueue } from "../../../src/adapters/telegram/delivery.ts";
import { TelegramHandlers } from "../../../src/adapters/telegram/handlers.ts";
import { MemoryLogger } from "../../../src/core/logger.ts";
import { openDatabase } from "../../../src/store/database.ts";
import { newOutboxOwner } from "../../../src/store/outbox-store.ts";
import { openRuntimeStores } from "../../../src/store/runtime-stores.ts";
import { BacklogSignal } from "../../../src/runtime/backlog.ts";
import { FakeRuntime } from "./fake-runtime.ts";
import { GROUP_CHAT, PRIVATE_CHAT, USER } from "./updates.ts";

const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function handlersOn(db: ReturnType<typeof openDatabase>, runtime: FakeRuntime, backlog = new BacklogSignal()) {
  const stores = openRuntimeStores(db);
  let transactions = 0;
  const logger = new MemoryLogger();
  const handlers = new TelegramHandlers({
    runtime,
    logger,
    call: async () => ({ message_id: 1 }),
    delivery: new DeliveryQueue(async () => ({ message_id: 1 }), logger),
    me: { id: 1, username: "claimbot", canReadAllGroupMessages: true },
    defaultLocale: "en",
    backlog,
    durable: {
      state: stores.state,
      outbox: stores.outbox,
      owner: newOutboxOwner(),
      inTransaction: (fn) => {
        transactions++;
        db.transaction(fn)();
      },
    },
  });
  return { handlers, transactions: () => transactions, processed: () => stores.state.processedCount() };
}

const now = () => Math.floor(Date.now() / 1000);
const chatter = (id: number, date = now()) => ({ update_id: id, message: { message_id: id, date, chat: GROUP_CHAT, from: USER, text: `hello ${id}` } });

/**
 * The ids of one poll (handed over in one synchronous run, as telegraf does) are recorded in one transaction, and a
 * poll delivered again after a restart (a new process, same data directory) is not handled a second time.
 */
it("records a poll's update ids in one transaction and handles a redelivered poll once", async () => {
  const db = openDatabase(":memory:");
  open.push(db);
  const first = new FakeRuntime();
  const a = handlersOn(db, first);
  await Promise.all(Array.from({ length: 100 }, (_, i) => a.handlers.handleUpdate(chatter(1_000 + i))));
  await a.handlers.stop();
  expect(a.transactions()).toBe(1);
  expect(a.processed()).toBe(100);
  expect(first.of("handleGroup")).toHaveLength(100);

  // A restart: fresh memory, same file. The next poll repeats the last 50 ids and brings 50 new ones.
  const second = new FakeRuntime();
  const b = handlersOn(db, second);
  await Promise.all(Array.from({ length: 100 }, (_, i) => b.handlers.handleUpdate(chatter(1_050 + i))));
  await b.handlers.stop();
  expect(b.transactions()).toBe(1);
  expect(second.of("handleGroup")).toHaveLength(50);
  expect(b.processed()).toBe(150);
});

/**
 * Load shedding when the bot is behind: a group message older than the limit when its turn comes is not screened
 * (no lookup) and is counted; a private message of the same age is still answered.
 */
it("sheds the screening of stale group messages, counts them, and still answers stale private messages", async () => {
  const db = openDatabase(":memory:");
  open.push(db);
  const runtime = new FakeRuntime();
  const { handlers } = handlersOn(db, runtime);
  const old = now() - 60;
  await handlers.handleUpdate(chatter(1, old));
  await handlers.handleUpdate(chatter(2));
  await handlers.handleUpdate({ update_id: 3, message: { message_id: 3, date: old, chat: PRIVATE_CHAT, from: USER, text: "is this true?" } });
  await handlers.stop();
  const screened = (runtime.callsOf("handleGroup") as Array<{ messageId: string }>).map((m) => m.messageId);
  expect(screened).toEqual(["2"]);
  expect(handlers.shed).toBe(1);
  expect(runtime.callsOf("handleDirect")).toHaveLength(1);
});

/** The bot says it is behind (the HTTP API then yields) after a full poll or a message seconds old, not otherwise. */
it("marks the backlog after a full poll and after a stale message, not after a short poll of fresh ones", async () => {
  const db = openDatabase(":memory:");
  open.push(db);
  const backlog = new BacklogSignal();
  const { handlers } = handlersOn(db, new FakeRuntime(), backlog);
  await Promise.all(Array.from({ length: 10 }, (_, i) => handlers.handleUpdate(chatter(10 + i))));
  await handlers.stop();
  expect(backlog.count).toBe(0);
  await Promise.all(Array.from({ length: 100 }, (_, i) => handlers.handleUpdate(chatter(100 + i))));
  await handlers.stop();
  expect(backlog.count).toBe(1);
  expect(backlog.behind).toBe(true);

  const later = new BacklogSignal();
  const other = handlersOn(db, new FakeRuntime(), later).handlers;
  await other.handleUpdate({ update_id: 500, message: { message_id: 500, date: now() - 30, chat: PRIVATE_CHAT, from: USER, text: "is this true?" } });
  await other.stop();
  expect(later.count).toBe(1);
});
