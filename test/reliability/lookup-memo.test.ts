import { expect, it } from "vitest";
import { memoizeLookup } from "../../src/runtime/lookup-memo.ts";
import { fakeLookup, SEED_TEXT } from "../runtime/helpers.ts";

it("identical posts within the TTL share one lookup; other posts, modes, failures and expired entries do not", async () => {
  const inner = fakeLookup();
  const clock = { now: 0 };
  const lookup = memoizeLookup(inner, { ttlMs: 1_000, now: () => clock.now });
  const [a, b] = await Promise.all([lookup({ text: SEED_TEXT }, "group"), lookup({ text: SEED_TEXT }, "group")]);
  expect(a).toBe(b);
  expect(inner.calls).toHaveLength(1);
  await lookup({ text: SEED_TEXT }, "dm");
  await lookup({ text: `${SEED_TEXT}!` }, "group");
  expect(inner.calls).toHaveLength(3);
  await expect(lookup({ text: "UNAVAILABLE" }, "dm")).rejects.toThrow();
  await expect(lookup({ text: "UNAVAILABLE" }, "dm")).rejects.toThrow();
  expect(inner.calls).toHaveLength(5);
  clock.now = 1_500;
  await lookup({ text: SEED_TEXT }, "group");
  expect(inner.calls).toHaveLength(6);
});
