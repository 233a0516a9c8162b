import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { startChatWriterProcess, writeChatStateBeside } from "../../src/bench/chat-writer.ts";
import { openDatabase } from "../../src/store/database.ts";
import { openRuntimeStores } from "../../src/store/runtime-stores.ts";
import { useTempDirs } from "../support/temp-dirs.ts";

const tempDir = useTempDirs();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the bench's other process writing chat state", () => {
  it("commits on a connection of its own (the serving connection's data_version moves) until stopped", async () => {
    const file = join(tempDir("claimbot-chat-writer-"), "index.sqlite");
    const serving = openDatabase(file);
    const dataVersion = () => serving.pragma("data_version", { simple: true }) as number;
    const before = dataVersion();
    const writer = writeChatStateBeside(file, 10);
    try {
      expect(writer.writes).toBe(1); // the first write is at once
      await sleep(80);
      expect(writer.writes).toBeGreaterThanOrEqual(3);
      expect(dataVersion()).not.toBe(before);
      // What it wrote is a chat's settings, as a bot's runtime stores them.
      const settings = openRuntimeStores(serving).settings;
      expect(typeof settings.get("bench-other-process").autoCheck).toBe("boolean");
    } finally {
      writer.stop();
    }
    const stopped = writer.writes;
    const versionAtStop = dataVersion();
    await sleep(50);
    expect(writer.writes).toBe(stopped);
    expect(dataVersion()).toBe(versionAtStop);
    serving.close();
  });

  it("runs in a process of its own from the bench worker, writing until stopped, then says how many times it wrote", async () => {
    const file = join(tempDir("claimbot-chat-writer-"), "index.sqlite");
    const serving = openDatabase(file);
    const dataVersion = () => serving.pragma("data_version", { simple: true }) as number;
    const before = dataVersion();
    const worker = fileURLToPath(new URL("../../src/bench/worker.ts", import.meta.url));
    const writer = await startChatWriterProcess(worker, file, 20, ["--import", "tsx"]);
    // Resolved once it has written: the serving connection sees another process's commit.
    expect(dataVersion()).not.toBe(before);
    await sleep(150);
    const writes = await writer.stop();
    expect(writes).toBeGreaterThanOrEqual(3);
    const versionAtStop = dataVersion();
    await sleep(60);
    expect(dataVersion()).toBe(versionAtStop);
    serving.close();
  }, 30_000);
});
