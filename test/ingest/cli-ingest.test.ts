import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Command } from "commander";
import { ingestCommand, register } from "../../src/cli/commands/ingest.ts";
import { register as registerSync } from "../../src/cli/commands/sync.ts";
import type { IngestSummary } from "../../src/ingest/summary.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";
import { fixturePath, readFixture, sink } from "./helpers.ts";

let server: Server;
let root = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/page") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(readFixture("claimreview-page.html"));
    } else if (req.url === "/api.json") {
      res.writeHead(200, { "content-type": "application/json" }).end(readFixture("gfc-response.json"));
    } else if (req.url === "/slow") {
      setTimeout(() => res.writeHead(200).end("{}"), 1000).unref();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function run(inputs: string[], options: Parameters<typeof ingestCommand>[1], index = new MemorySearchIndex()) {
  const stdout = sink();
  const stderr = sink();
  return ingestCommand(inputs, options, { index, stdout, stderr }).then((code) => ({ code, stdout, stderr, index }));
}

describe("claimbot ingest", () => {
  it("ingests the seed article with --url into the index and prints a JSON summary", async () => {
    const url = "https://news.yahoo.com/social-media-posts-overplay-north-012743300.html";
    const r = await run([fixturePath("afp-north-korea-troops-2022-04-26.txt")], { format: "article", url, json: true });
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.text()) as IngestSummary;
    expect(summary).toMatchObject({ read: 1, imported: 1, skipped: 0, indexCount: 1 });
    const [record] = await r.index.findByUrl(url);
    expect(record).toMatchObject({ verdict: "misleading", reviewDate: "2022-04-26", publisher: { name: "AFP Fact Check" } });
    expect(JSON.stringify(record)).not.toContain("Recommended Stories");
  });

  it("fetches URLs: an HTML page (ClaimReview) and API JSON (auto-detected)", async () => {
    const r = await run([`${root}/page`, `${root}/api.json`], { format: "auto", json: true });
    const summary = JSON.parse(r.stdout.text()) as IngestSummary;
    expect(summary.byFormat).toMatchObject({ claimreview: { valid: 2 }, gfc: { valid: 2 } });
    expect(summary.problems.map((p) => p.location)).toContain(`${root}/page script#2`);
  });

  it("times out a slow URL and exits 1 when nothing could be read", async () => {
    const stdout = sink();
    const stderr = sink();
    const code = await ingestCommand([`${root}/slow`, `${root}/missing`], { format: "auto" }, {
      index: new MemorySearchIndex(),
      stdout,
      stderr,
      // Only the slow page gets a short timeout; the 404 must answer whatever the machine's load.
      fetch: (input, init) =>
        String(input).endsWith("/slow") ? fetch(input, { ...init, signal: AbortSignal.timeout(100) }) : fetch(input, init),
    });
    expect(code).toBe(1);
    expect(stdout.text()).toContain("fetch failed: timed out");
    expect(stdout.text()).toContain("HTTP 404");
  });

  it("on --dry-run validates without an index and lists problems on stderr", async () => {
    const stdout = sink();
    const stderr = sink();
    const code = await ingestCommand([fixturePath("factchecks-aliases.csv")], { format: "auto", dryRun: true }, { stdout, stderr });
    expect(code).toBe(0);
    expect(stdout.text()).toContain("dry run: read 3, valid 2, skipped 1");
    expect(stderr.text()).toMatch(/factchecks-aliases\.csv:4 \[reviewDate\]/);
  });

  it("registers `ingest` and `sync google` with their options", () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    register(program);
    registerSync(program);
    const ingest = program.commands.find((c) => c.name() === "ingest")!;
    expect(ingest.options.map((o) => o.long)).toEqual(
      expect.arrayContaining(["--format", "--dry-run", "--json", "--claim", "--rating", "--publisher", "--date", "--url", "--language"]),
    );
    const google = program.commands.find((c) => c.name() === "sync")!.commands.find((c) => c.name() === "google")!;
    expect(google.options.map((o) => o.long)).toEqual(expect.arrayContaining(["--query", "--language", "--publisher", "--max-age-days"]));
    expect(() => program.parse(["node", "x", "ingest", "a.txt", "--format", "pdf"])).toThrow();
  });
});
