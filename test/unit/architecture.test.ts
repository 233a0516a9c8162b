import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/** The dependency rule of docs/architecture: adapters → core ← search; commands → core; core imports no SDK. */
const ROOT = join(import.meta.dirname, "..", "..");
const SDKS = ["telegraf", "discord.js", "@discordjs/", "meilisearch", "better-sqlite3", "pino", "ws", "cheerio"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function imports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const found = [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^"'`;]*?from\s+["']([^"']+)["']/g)].map((m) => m[1]!);
  const dynamic = [...source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
  return [...found, ...dynamic];
}

function violations(dir: string, forbidden: (spec: string) => boolean): string[] {
  return files(join(ROOT, dir)).flatMap((file) =>
    imports(file)
      .filter(forbidden)
      .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
  );
}

const isSdk = (spec: string) => SDKS.some((sdk) => spec === sdk || spec.startsWith(sdk.endsWith("/") ? sdk : `${sdk}/`));

describe("dependency rule", () => {
  it("src/core imports no SDK and nothing outside core", () => {
    expect(violations("src/core", (spec) => isSdk(spec) || /^\.\.\//.test(spec))).toEqual([]);
  });
  it("commands/ import no platform SDK and no adapter", () => {
    expect(violations("commands", (spec) => isSdk(spec) || spec.includes("/adapters/"))).toEqual([]);
  });
  it("search backends do not import adapters or the runtime", () => {
    expect(violations("src/search", (spec) => spec.includes("/adapters/") || spec.includes("/runtime/"))).toEqual([]);
  });
  it("the runtime knows no platform SDK", () => {
    expect(violations("src/runtime", (spec) => isSdk(spec) && spec !== "better-sqlite3")).toEqual([]);
  });
  it("Telegram code stays out of Discord code and the other way round", () => {
    expect(violations("src/adapters/telegram", (spec) => spec.includes("discord"))).toEqual([]);
    expect(violations("src/adapters/discord", (spec) => spec.includes("telegraf") || spec.includes("/telegram/"))).toEqual([]);
  });
});
