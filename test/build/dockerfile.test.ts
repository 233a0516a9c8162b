import { validate, ValidationSeverity } from "dockerfile-utils";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { execForm, readDockerfile, stageEnv, type Stage } from "./dockerfile.ts";

/**
 * The production image's rules, checked on the Dockerfile's text (no Docker engine runs here; hadolint is in no
 * registry this project reaches): first the dockerfile-utils linter (the Dockerfile validator of VS Code's Docker
 * language server), then this project's own rules. test/build/dist.test.ts runs the image's CMD and HEALTHCHECK on a
 * fresh build.
 */
const ROOT = new URL("../../", import.meta.url);
const { stages } = readDockerfile(new URL("Dockerfile", ROOT));
const build = stages[0]!;
const final = stages.at(-1)!;
const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
const copies = (stage: Stage) => stage.instructions.filter((i) => i.keyword === "COPY").map((i) => i.args.split(/\s+/));
const pkg = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The patterns of .dockerignore (one per line, comments dropped). */
const ignored = readFileSync(new URL(".dockerignore", ROOT), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));

describe("Dockerfile", () => {
  it("passes the dockerfile-utils linter with every rule at error level", () => {
    const text = readFileSync(new URL("Dockerfile", ROOT), "utf8");
    const strict = {
      deprecatedMaintainer: ValidationSeverity.ERROR,
      directiveCasing: ValidationSeverity.ERROR,
      emptyContinuationLine: ValidationSeverity.ERROR,
      instructionCasing: ValidationSeverity.ERROR,
      instructionCmdMultiple: ValidationSeverity.ERROR,
      instructionEntrypointMultiple: ValidationSeverity.ERROR,
      instructionHealthcheckMultiple: ValidationSeverity.ERROR,
      instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
      instructionWorkdirRelative: ValidationSeverity.ERROR,
    };
    const problems = validate(text, strict).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
    // The linter does find problems: the same file with a second CMD and a relative WORKDIR fails it.
    const broken = `${text}\nWORKDIR relative\nCMD ["node"]\n`;
    const messages = validate(broken, strict).map((d) => d.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/only be one CMD/), expect.stringMatching(/WORKDIR paths should be absolute/)]));
  });

  it("is multi-stage on Node 20 slim: a build stage, then the runtime stage", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build.name).toBe("build");
    for (const stage of stages) expect(stage.image).toMatch(/^node:20(\.\d+){0,2}-(bookworm-)?slim$/);
    expect(final.name).toBeUndefined();
  });

  it("builds with the dev dependencies and leaves only the production ones", () => {
    const buildRuns = runs(build).join("\n");
    expect(buildRuns).toMatch(/npm ci\b(?![^\n]*--omit=dev)/);
    expect(buildRuns).toMatch(/npm run build/);
    expect(buildRuns).toMatch(/npm prune --omit=dev/);
    expect(buildRuns.indexOf("npm run build")).toBeLessThan(buildRuns.indexOf("npm prune --omit=dev"));
    // Nothing is installed or compiled in the runtime stage: it copies the pruned node_modules and dist/.
    expect(runs(final).join("\n")).not.toMatch(/npm (ci|install|run build)|tsc|tsx/);
    expect(copies(final)).toContainEqual(["--from=build", "/app/node_modules", "node_modules"]);
    expect(copies(final)).toContainEqual(["--from=build", "/app/dist", "dist"]);
    expect(Object.keys(pkg.dependencies)).not.toContain("tsx");
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(["tsx", "typescript"]));
  });

  it("runs as a non-root user from before its CMD", () => {
    const users = final.instructions.filter((i) => i.keyword === "USER");
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!;
    expect(user.args).not.toMatch(/^(root|0)(:|$)/);
    const cmd = final.instructions.find((i) => i.keyword === "CMD")!;
    expect(user.line).toBeLessThan(cmd.line);
  });

  it("has a HEALTHCHECK on /healthz that needs no curl (Node's fetch)", () => {
    const health = final.instructions.filter((i) => i.keyword === "HEALTHCHECK");
    expect(health).toHaveLength(1);
    const command = execForm(health[0]!.args);
    expect(command[0]).toBe("node");
    expect(command.join(" ")).toContain("/healthz");
  });

  it("keeps its data in a /data volume, and the bot writes there", () => {
    expect(final.instructions.some((i) => i.keyword === "VOLUME" && /["\s[]\/data["\s\]]|^\/data$/.test(i.args))).toBe(true);
    expect(stageEnv(final).CLAIMBOT_DATA_DIR).toBe("/data");
    expect(runs(final).join("\n")).toMatch(/chown node:node \/data/);
  });

  it("bakes in the starter data and the OCR data", () => {
    expect(copies(final)).toContainEqual(["data", "data"]);
    expect(readdirSync(new URL("data/starter/", ROOT)).some((f) => /\.jsonl(\.gz)?$/.test(f))).toBe(true);
    expect(existsSync(new URL("data/ocr/kor.traineddata", ROOT))).toBe(true);
    // English traineddata is an npm package, so it must be a production dependency to reach the pruned node_modules.
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(["@tesseract.js-data/eng", "tesseract.js"]));
  });

  it("copies only files that exist and that .dockerignore lets through; never the host's node_modules or data", () => {
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", "dist", ".git", ".env", ".claimbot"]));
    for (const stage of stages) {
      for (const parts of copies(stage)) {
        if (parts.some((p) => p.startsWith("--from="))) continue;
        for (const source of parts.filter((p) => !p.startsWith("--")).slice(0, -1)) {
          expect(existsSync(fileURLToPath(new URL(source, ROOT))), source).toBe(true);
          const top = source.replace(/^\.\//, "").split("/")[0]!;
          expect(ignored, source).not.toContain(top);
        }
      }
    }
  });

  it("starts the compiled CLI with plain node (no npm, no tsx)", () => {
    const cmd = execForm(final.instructions.find((i) => i.keyword === "CMD")!.args);
    expect(cmd).toEqual(["node", "dist/src/cli/main.js", "serve"]);
    expect(existsSync(new URL("src/cli/main.ts", ROOT))).toBe(true);
  });
});

describe("docker-compose.yml", () => {
  const compose = readFileSync(new URL("docker-compose.yml", ROOT), "utf8");
  /** The text of one service block (two-space indented key, up to the next one). */
  const service = (name: string) => new RegExp(`^  ${name}:\\n((?:    .*\\n|\\s*\\n)*)`, "m").exec(compose)?.[1] ?? "";

  it("builds the bot from the Dockerfile and starts it without npm ci or a source mount", () => {
    const bot = service("bot");
    expect(bot).toMatch(/^    build: \.$/m);
    expect(bot).not.toMatch(/npm ci|npx|tsx/);
    expect(bot).not.toMatch(/\.\/:\/app/);
    expect(bot).toMatch(/- bot_data:\/data/);
    expect(bot).toMatch(/CLAIMBOT_DATA_DIR: \/data/);
  });

  it("keeps Meilisearch as it was (pinned image, master key required, health check)", () => {
    const meili = service("meilisearch");
    expect(meili).toMatch(/image: getmeili\/meilisearch:v1\.49\.0/);
    expect(meili).toMatch(/MEILI_MASTER_KEY: \$\{MEILI_MASTER_KEY:\?/);
    expect(meili).toMatch(/healthcheck:/);
  });
});
