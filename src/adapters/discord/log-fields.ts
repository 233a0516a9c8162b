import { createHash } from "node:crypto";

/** Log fields for a user text: its length and a short hash, never the text itself. */
export function textFieldsSafe(text: string): { textLength: number; textHash: string } {
  return { textLength: text.length, textHash: createHash("sha256").update(text).digest("hex").slice(0, 12) };
}
