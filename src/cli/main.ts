import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { ConfigError } from "../core/errors.ts";

/**
 * The `claimbot` CLI. Every file in ./commands registers one top-level command:
 * `export function register(program: Command): void`. Heavy SDKs are imported inside the actions, so
 * `claimbot check` does not load discord.js.
 */
export async function buildProgram(): Promise<Command> {
  const program = new Command("claimbot")
    .description("Look up a post among existing fact-checks; run the chat bots.")
    .showHelpAfterError()
    .exitOverride();
  const dir = fileURLToPath(new URL("./commands/", import.meta.url));
  // .ts when run from the sources (tsx, vitest), .js when run from dist/.
  const extension = import.meta.url.endsWith(".js") ? ".js" : ".ts";
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(extension) && !f.endsWith(`.test${extension}`) && !f.endsWith(".d.ts"))
    .sort();
  for (const file of files) {
    const mod = (await import(new URL(`./commands/${file}`, import.meta.url).href)) as {
      register?: (program: Command) => void;
    };
    if (typeof mod.register !== "function") throw new Error(`src/cli/commands/${file} exports no register()`);
    mod.register(program);
  }
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      process.stderr.write(`claimbot: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`claimbot: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntry || process.argv[1]?.endsWith("bin/claimbot.js") || process.argv[1]?.endsWith("/claimbot")) {
  main().then((code) => {
    process.exitCode = code;
  });
}
