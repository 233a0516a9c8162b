import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** File in the data directory holding the generated hash key when `CLAIMBOT_HASH_KEY` is unset. */
export const HASH_KEY_FILE = "hash.key";
/** Length of the generated key in bytes. */
const HASH_KEY_BYTES = 32;
/** Hex characters kept of a keyed hash (64 bits: collisions are irrelevant at chat scale). */
const HASH_HEX_CHARS = 16;

/** Keyed hash of an id (user, chat): stable for one key, useless without it. */
export type IdHasher = (value: string) => string;

export function createIdHasher(key: string): IdHasher {
  return (value) => createHmac("sha256", key).update(value).digest("hex").slice(0, HASH_HEX_CHARS);
}

/**
 * The key for id hashes: `configured` when set, else the key in `<dataDir>/hash.key`, generated once (mode 0600).
 * Never logged.
 */
export function loadHashKey(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = join(dataDir, HASH_KEY_FILE);
  if (existsSync(file)) {
    const existing = readFileSync(file, "utf8").trim();
    if (existing) return existing;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(HASH_KEY_BYTES).toString("hex");
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: "w" });
  try {
    chmodSync(file, 0o600);
  } catch {
    // best effort on file systems without modes
  }
  return key;
}
