import type { CommandDefinition } from "../src/runtime/command-types.ts";
import about from "./about.ts";
import check from "./check.ts";
import help from "./help.ts";
import language from "./language.ts";
import privacy from "./privacy.ts";
import settings from "./settings.ts";
import start from "./start.ts";

/** Every command the bot offers, in the order `/help` lists them. The registry validates them at start-up. */
export const ALL_COMMANDS: readonly CommandDefinition[] = [check, help, about, settings, language, privacy, start];
