import { readFileSync } from "node:fs";

/**
 * A model file of this folder, parsed, or undefined when it is missing or unreadable: every table here is optional
 * (the comparison still works without it, more strictly or less well), so callers fall back instead of failing.
 */
export function readModel<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), "utf8")) as T;
  } catch {
    return undefined;
  }
}
