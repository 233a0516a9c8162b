import { fork } from "node:child_process";
import type { EventEmitter } from "node:events";
import { openDatabase } from "../store/database.ts";
import { openRuntimeStores } from "../store/runtime-stores.ts";

/** How often the bench's other bot process writes its chat state (a busy shard writes far more often). */
export const CHAT_WRITE_EVERY_MS = 200;

/** A connection writing chat state to an index file on a timer, as another bot process on the data directory does. */
export interface ChatStateWriter {
  /** Commits so far. */
  readonly writes: number;
  /** Stops the timer and closes the connection. */
  stop(): void;
}

/**
 * Writes a chat's settings to `dbFile` every `everyMs` on a connection of its own: what another process sharing the
 * data directory does at every message it handles (`serve --discord --shards` runs one a shard; README: several
 * processes may share a data directory). Every commit moves the serving connection's `PRAGMA data_version`; a served
 * index must keep ranking from its postings in memory through that (issue 15, session 20).
 */
export function writeChatStateBeside(dbFile: string, everyMs = CHAT_WRITE_EVERY_MS): ChatStateWriter {
  const db = openDatabase(dbFile);
  const stores = openRuntimeStores(db);
  let writes = 0;
  const write = () => {
    stores.settings.update("bench-other-process", { autoCheck: writes % 2 === 0 }, Date.now());
    writes++;
  };
  write();
  const timer = setInterval(write, everyMs);
  return {
    get writes() {
      return writes;
    },
    stop() {
      clearInterval(timer);
      db.close();
    },
  };
}

/** The bench worker's job that runs `writeChatStateBeside` in a process of its own until told to stop. */
export interface ChatWriterJob {
  task: "chat-writer";
  dbFile: string;
  everyMs: number;
}

/** Messages between the bench's serving step and its chat-state writer process. */
type WriterMessage = { type: "ready" } | { type: "stop" } | { type: "result"; data: { writes: number } };

/** The next IPC message of `type` that `from` (this process, or a child) receives. */
function nextMessage<T extends WriterMessage["type"]>(from: EventEmitter, type: T): Promise<Extract<WriterMessage, { type: T }>> {
  return new Promise((resolve) => {
    const onMessage = (message: WriterMessage) => {
      if (message?.type !== type) return;
      from.off("message", onMessage);
      resolve(message as Extract<WriterMessage, { type: T }>);
    };
    from.on("message", onMessage);
  });
}

/**
 * The writer's side, in the forked worker: writes until the parent says stop, then returns the count of commits. The
 * writes come from another process, on its own clock, while the parent's lookups run back to back as in its other
 * passes (a timer in the parent would only fire between them).
 */
export async function runChatWriter(job: ChatWriterJob, send: (message: WriterMessage) => void): Promise<{ writes: number }> {
  const writer = writeChatStateBeside(job.dbFile, job.everyMs);
  send({ type: "ready" });
  await nextMessage(process, "stop");
  writer.stop();
  return { writes: writer.writes };
}

/**
 * Starts `workerFile` (the bench worker, which runs `runChatWriter` for a `chat-writer` job) and resolves once it has
 * written; `stop` ends it and gives its count of commits. `execArgv`: the child's Node options (default this
 * process's, which carry the tsx loader when the bench runs the sources).
 */
export async function startChatWriterProcess(
  workerFile: string,
  dbFile: string,
  everyMs = CHAT_WRITE_EVERY_MS,
  execArgv: readonly string[] = process.execArgv,
): Promise<{ stop(): Promise<number> }> {
  const job: ChatWriterJob = { task: "chat-writer", dbFile, everyMs };
  const child = fork(workerFile, [JSON.stringify(job)], { execArgv: [...execArgv], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`the chat-state writer exited (code ${code})`))));
  exited.catch(() => {});
  await Promise.race([nextMessage(child, "ready"), exited]);
  return {
    async stop() {
      const result = Promise.race([nextMessage(child, "result"), exited]);
      child.send({ type: "stop" });
      return (await result).data.writes;
    },
  };
}
