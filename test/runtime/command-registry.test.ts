import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ALL_COMMANDS } from "../../commands/index.ts";
import { CommandDefinitionError, createCommandRegistry, parseRawArgs } from "../../src/runtime/command-registry.ts";

const good = {
  name: "ping",
  description: { en: "Ping", ko: "핑" },
  options: z.object({ n: z.coerce.number().optional() }),
  optionInfo: [{ name: "n", description: { en: "n", ko: "n" }, type: "integer", required: false }],
  access: "anyone",
  scope: "all",
  run: () => ({ kind: "info", locale: "en", title: "", text: "pong", related: [], actions: [] }),
};

function errorOf(defs: unknown[]): CommandDefinitionError {
  try {
    createCommandRegistry(defs);
  } catch (error) {
    return error as CommandDefinitionError;
  }
  throw new Error("expected the registry to refuse");
}

describe("command registry", () => {
  it("loads every command of commands/ with en and ko descriptions", () => {
    const registry = createCommandRegistry(ALL_COMMANDS);
    const names = registry.infos().map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["check", "help", "about", "settings", "privacy", "language", "start"]));
    expect(registry.get("settings")?.access).toBe("admin");
    for (const info of registry.infos()) expect(info.description.ko.length).toBeGreaterThan(0);
  });

  it("names a broken definition", () => {
    const bad = errorOf([good, { ...good, name: "Bad Name!" }]);
    expect(bad).toBeInstanceOf(CommandDefinitionError);
    expect(bad.command).toBe("Bad Name!");
    expect(bad.message).toMatch(/Bad Name!/);

    const noRun = errorOf([{ ...good, name: "norun", run: "nope" }]);
    expect(noRun.command).toBe("norun");
    expect(noRun.message).toMatch(/run/);

    const noKo = errorOf([{ ...good, name: "noko", description: { en: "x" } }]);
    expect(noKo.message).toMatch(/noko.*description\.ko/);

    const mismatch = errorOf([{ ...good, name: "mismatch", optionInfo: [] }]);
    expect(mismatch.message).toMatch(/mismatch.*optionInfo/);

    expect(errorOf([good, good]).message).toMatch(/defined twice/);
    expect(errorOf([null]).command).toBe("#0");
  });

  it("parses raw argument text by the command's options", () => {
    const registry = createCommandRegistry(ALL_COMMANDS);
    const check = registry.get("check")!;
    expect(parseRawArgs(check, "North Korea sends troops")).toEqual({ ok: true, options: { text: "North Korea sends troops" } });
    const settings = registry.get("settings")!;
    expect(parseRawArgs(settings, "auto-check on cooldown=30 action react")).toEqual({
      ok: true,
      options: { auto_check: "on", cooldown: "30", action: "react" },
    });
    expect(parseRawArgs(settings, "colour blue")).toMatchObject({ ok: false });
    expect(parseRawArgs(settings, "cooldown")).toMatchObject({ ok: false });
    expect(parseRawArgs(registry.get("language")!, "ko")).toEqual({ ok: true, options: { language: "ko" } });
  });
});
