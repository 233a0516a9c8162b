import { z } from "zod";
import type { CommandDefinition } from "./command-types.ts";
import type { CommandInfo } from "./types.ts";

/**
 * Key adapters may use in `runCommand` options for the raw text after a command (Telegram `/settings cooldown 30`,
 * console). The registry parses it by the command's options: a command with one string option takes the whole
 * text; otherwise `name value` or `name=value` pairs.
 */
export const RAW_ARGS_KEY = "args";

/** Discord's limit on a command or option description (characters). */
export const COMMAND_DESCRIPTION_MAX_CHARS = 100;

/** A command definition is malformed. `command` names it (or its position when it has no usable name). */
export class CommandDefinitionError extends Error {
  override readonly name = "CommandDefinitionError";
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
  }
}

const NAME = /^[a-z0-9_]{1,32}$/;
const Description = z.object({
  en: z.string().min(1).max(COMMAND_DESCRIPTION_MAX_CHARS),
  ko: z.string().min(1).max(COMMAND_DESCRIPTION_MAX_CHARS),
});
const OptionInfoSchema = z.object({
  name: z.string().regex(NAME, "option names are [a-z0-9_]{1,32}"),
  description: Description,
  type: z.enum(["string", "boolean", "integer"]),
  required: z.boolean(),
  choices: z.array(z.string().min(1).max(100)).max(25).optional(),
});
const DefinitionSchema = z.object({
  name: z.string().regex(NAME, "names are [a-z0-9_]{1,32}"),
  description: Description,
  options: z.custom<z.ZodObject>((v) => v instanceof z.ZodObject, "options must be a zod object schema"),
  optionInfo: z.array(OptionInfoSchema).max(25),
  access: z.enum(["anyone", "admin"]),
  scope: z.enum(["all", "dm", "group"]),
  run: z.custom<CommandDefinition["run"]>((v) => typeof v === "function", "run must be a function"),
});

/** The validated commands, by name. */
export interface CommandRegistry {
  get(name: string): CommandDefinition | undefined;
  list(): readonly CommandDefinition[];
  infos(): readonly CommandInfo[];
}

/**
 * Validates command definitions (shape, unique names, option schema keys = optionInfo names) and builds the registry.
 * Throws `CommandDefinitionError` naming the first broken definition: a broken command must stop start-up.
 */
export function createCommandRegistry(definitions: readonly unknown[]): CommandRegistry {
  const byName = new Map<string, CommandDefinition>();
  definitions.forEach((raw, position) => {
    const label =
      typeof (raw as { name?: unknown } | null)?.name === "string" ? (raw as { name: string }).name : `#${position}`;
    const parsed = DefinitionSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(definition)"}: ${i.message}`);
      throw new CommandDefinitionError(`command "${label}" is invalid: ${problems.join("; ")}`, label);
    }
    const def = raw as CommandDefinition;
    if (byName.has(def.name)) throw new CommandDefinitionError(`command "${def.name}" is defined twice`, def.name);
    const schemaKeys = Object.keys(def.options.shape).sort();
    const infoKeys = def.optionInfo.map((o) => o.name).sort();
    if (schemaKeys.join(",") !== infoKeys.join(",")) {
      throw new CommandDefinitionError(
        `command "${def.name}": options schema keys [${schemaKeys.join(", ")}] differ from optionInfo [${infoKeys.join(", ")}]`,
        def.name,
      );
    }
    byName.set(def.name, def);
  });
  const list = [...byName.values()];
  const infos: CommandInfo[] = list.map((d) => ({
    name: d.name,
    description: { ...d.description },
    options: d.optionInfo.map((o) => ({ ...o, description: { ...o.description } })),
    access: d.access,
    scope: d.scope,
  }));
  return {
    get: (name) => byName.get(name.toLowerCase()),
    list: () => list,
    infos: () => infos,
  };
}

/**
 * Parses the raw text after a command into options (see `RAW_ARGS_KEY`). Returns an error text for unknown names or
 * a missing value; validation of values is left to the command's schema.
 */
export function parseRawArgs(
  def: Pick<CommandDefinition, "optionInfo">,
  raw: string,
): { ok: true; options: Record<string, string> } | { ok: false; problem: string } {
  const text = raw.trim();
  if (!text) return { ok: true, options: {} };
  const [only, ...others] = def.optionInfo;
  if (only && others.length === 0) {
    if (only.type === "string" && !only.choices) return { ok: true, options: { [only.name]: text } };
    const value = text.replace(new RegExp(`^${only.name}\\s*[=\\s]\\s*`, "i"), "");
    return { ok: true, options: { [only.name]: value } };
  }
  const names = new Set(def.optionInfo.map((o) => o.name));
  const words = text.split(/\s+/);
  const options: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const eq = word.indexOf("=");
    const name = (eq > 0 ? word.slice(0, eq) : word).toLowerCase().replace(/-/g, "_");
    if (!names.has(name)) return { ok: false, problem: `unknown option "${name.slice(0, 32)}"` };
    const value = eq > 0 ? word.slice(eq + 1) : words[++i];
    if (value === undefined || value === "") return { ok: false, problem: `option "${name}" needs a value` };
    options[name] = value;
  }
  return { ok: true, options };
}
