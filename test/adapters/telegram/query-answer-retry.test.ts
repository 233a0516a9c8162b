import { expect, it } from "vitest";
import { handleCallbackQuery } from "../../../src/adapters/telegram/queries.ts";
import { MemoryLogger } from "../../../src/core/logger.ts";
import { FakeRuntime } from "./fake-runtime.ts";
import { USER } from "./updates.ts";

function telegramError(code: number) {
  return Object.assign(new Error(String(code)), { response: { error_code: code, description: "x" } });
}

const press = (id: string) => ({ id, from: USER, chat_instance: "c", data: "f:h:nothing" });

/** A button keeps spinning until its query is answered: a passing network error or 5xx is tried again, a 400 is not. */
it("answers a button press again after a network error or a 5xx, but not after a 400", async () => {
  const calls: string[] = [];
  const failures = [Object.assign(new Error("socket hang up"), { name: "FetchError" }), telegramError(502)];
  const deps = {
    runtime: new FakeRuntime(),
    logger: new MemoryLogger(),
    call: async (_method: string, payload: Record<string, unknown>) => {
      calls.push(String(payload.callback_query_id));
      const failure = payload.callback_query_id === "flaky" ? failures.shift() : payload.callback_query_id === "bad" ? telegramError(400) : undefined;
      if (failure) throw failure;
      return true;
    },
  };
  await handleCallbackQuery(deps, press("flaky") as never);
  expect(calls).toEqual(["flaky", "flaky", "flaky"]);
  await handleCallbackQuery(deps, press("bad") as never);
  expect(calls.filter((c) => c === "bad")).toHaveLength(1);
  expect(deps.logger.entries.filter((e) => e.message === "telegram call failed")).toHaveLength(1);
});
