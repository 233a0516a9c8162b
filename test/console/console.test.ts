import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runConsole } from "../../src/adapters/console/console.ts";
import { makeRuntime, SEED, SEED_TEXT } from "../runtime/helpers.ts";

/** Feeds `lines` through a piped (non-TTY) stdin, ends it, and returns everything the console wrote. */
async function drive(lines: string[]): Promise<string> {
  const { runtime } = makeRuntime();
  const input = new PassThrough();
  const output = new PassThrough();
  let written = "";
  output.on("data", (chunk: Buffer) => (written += chunk.toString("utf8")));
  input.end(`${lines.join("\n")}\n`);
  await runConsole({ runtime, index: { count: async () => 2, backend: "memory" }, defaultLocale: "en", input, output });
  return written;
}

describe("console on piped stdin", () => {
  it("answers a pasted post as a user would, and exits at EOF", async () => {
    const out = await drive([SEED_TEXT]);
    expect(out).toContain("claimbot console — 2 fact-checks (memory)");
    expect(out).toContain("── Misleading — AFP Fact Check ──");
    expect(out).toContain(SEED.url);
    expect(out).toContain("[Helpful] [Wrong match]");
  });

  it("runs bot commands: /help, /about, /check, /settings", async () => {
    const out = await drive(["/help", "/about", `/check ${SEED_TEXT}`, "/settings", "/nosuch"]);
    expect(out).toContain("/group on|off");
    expect(out).toContain("/check — Check a claim");
    expect(out).toContain("Fact-checks indexed: 2");
    expect(out.match(/── Misleading — AFP Fact Check ──/g)).toHaveLength(1);
    expect(out).toContain("works only in groups");
    expect(out).toContain("Unknown command: /nosuch");
  });

  it("simulates a moderated group: silent on chit-chat, acts on a match, silent within the cooldown", async () => {
    const out = await drive([
      "/group on",
      "Happy birthday! See you at dinner on Saturday",
      SEED_TEXT,
      SEED_TEXT,
      "/settings action react cooldown 0",
      SEED_TEXT,
      "/group off",
      "The mayor secretly sold the city water supply to a foreign company last week",
      "/tip",
      "/quit",
      "this line is never read",
    ]);
    expect(out).toContain("Group mode on");
    expect(out).toContain("(silent: not-screenable)");
    expect(out).toContain("[bot replies in the group]");
    expect(out).toContain("(silent: cooldown)");
    expect(out).toContain("Action: react");
    expect(out).toContain("[bot reacts ⚠️ to the message: Misleading — AFP Fact Check]");
    expect(out).toContain("Group mode off");
    expect(out).toContain("No fact-check found");
    expect(out).toContain("tip was sent");
    expect(out).not.toContain("never read");
  });
});
