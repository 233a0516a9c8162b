/** Small value helpers shared by the parsers (untrusted JSON in, plain strings out). */

/** Whitespace `text` would change: a run of two, any but a plain space, or at either end. */
const UNEVEN_SPACE = /\s\s|[^\S ]|^\s|\s$/;

/** A trimmed non-empty string with single spaces, or undefined. Numbers become strings. */
export function text(value: unknown): string | undefined {
  if (typeof value === "string") {
    // Most strings are already clean: returned as they are, without building two copies.
    if (!UNEVEN_SPACE.test(value)) return value || undefined;
    const trimmed = value.replace(/\s+/g, " ").trim();
    return trimmed ? trimmed : undefined;
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A finite number from a number or a numeric string, or undefined. */
export function num(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value.trim().replace(",", "."));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** `value` as an array: arrays as they are, undefined/null as [], anything else wrapped. */
export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/** `asArray(value)[0]` without making the array: an array's first element, else the value (undefined for null). */
export function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : (value ?? undefined);
}

/** A plain object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value when it is an absolute http(s) URL, else undefined. */
export function httpUrl(value: unknown): string | undefined {
  const s = text(value);
  if (!s) return undefined;
  try {
    const url = new URL(s);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Host name of an http(s) URL without `www.`, or undefined. */
export function siteOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/^www\./, "");
    return host || undefined;
  } catch {
    return undefined;
  }
}

/** A BCP-47-looking tag (`en`, `pt-BR`, `zh-Hant-TW`) with `_` turned into `-`, or undefined. */
export function languageTag(value: unknown): string | undefined {
  const s = text(value)?.replace(/_/g, "-");
  return s && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(s) ? s : undefined;
}

/** Unique values in first-seen order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** The file's base name, for `source` and messages. */
export function baseName(path: string): string {
  const cut = path.replace(/[\\/]+$/, "");
  return cut.slice(cut.search(/[^\\/]*$/));
}
