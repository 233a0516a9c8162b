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
 * index must keep ranking from its postings in memory through that (issue 15, session 20). A second connection in this
 * process moves it exactly as one in another process does, without a child to start.
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
