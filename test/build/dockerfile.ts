import { readFileSync } from "node:fs";

/** One instruction of a Dockerfile: `COPY --from=build /app/dist dist` → keyword COPY, args the rest. */
export interface Instruction {
  keyword: string;
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
}

/** A build stage: its FROM image (ARGs substituted), its name (`AS name`) and its instructions after FROM. */
export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/**
 * A small reader of the Dockerfile syntax this repository uses: comment lines, `\` continuations, global ARGs with
 * defaults substituted into FROM, stages. Not a general parser (no heredocs, no escape directive).
 */
export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split("\n").forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith("#")) return;
    if (!pending && trimmed === "") return;
    const continued = trimmed.endsWith("\\");
    const part = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending ? { text: `${pending.text} ${part}`.trim(), line: pending.line } : { text: part, line: i + 1 };
    if (continued) return;
    const match = /^(\S+)\s*(.*)$/.exec(pending.text);
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!, line: pending.line });
    pending = undefined;
  });
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === "FROM") {
      const [image = "", as, name] = ins.args.split(/\s+/);
      const resolved = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => args[a ?? b ?? ""] ?? "");
      stages.push({ image: resolved, ...(as?.toUpperCase() === "AS" && name ? { name } : {}), instructions: [] });
    } else if (stages.length === 0 && ins.keyword === "ARG") {
      const [key = "", value = ""] = ins.args.split("=", 2);
      args[key] = value;
    } else {
      stages.at(-1)?.instructions.push(ins);
    }
  }
  return { args, stages };
}

export function readDockerfile(path: URL): ReturnType<typeof parseDockerfile> {
  return parseDockerfile(readFileSync(path, "utf8"));
}

/** The JSON array of an exec-form CMD/HEALTHCHECK CMD (`["node", "…"]`); throws on the shell form. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf("["));
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === "string")) throw new Error(`not an exec form: ${args}`);
  return parsed;
}

/** `ENV A=1 B=2` (also the legacy `ENV A 1`) of a stage, in order. */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of stage.instructions.filter((i) => i.keyword === "ENV")) {
    if (!ins.args.includes("=")) {
      const [key = "", ...rest] = ins.args.split(/\s+/);
      env[key] = rest.join(" ");
      continue;
    }
    for (const pair of ins.args.match(/\S+=("[^"]*"|\S*)/g) ?? []) {
      const at = pair.indexOf("=");
      env[pair.slice(0, at)] = pair.slice(at + 1).replace(/^"(.*)"$/, "$1");
    }
  }
  return env;
}
