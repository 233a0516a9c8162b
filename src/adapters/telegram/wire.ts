/** Chat ids go on the wire as numbers when they are numbers (Telegram accepts both; `@channel` stays a string). */
export function wireChatId(id: string): number | string {
  return /^-?\d+$/.test(id) ? Number(id) : id;
}

/** What a log line may say about an error: its class name and the Bot API error code, never its message. */
export function errorFields(error: unknown): { error: string; code?: number } {
  const code = (error as { response?: { error_code?: unknown } } | null)?.response?.error_code;
  return { error: error instanceof Error ? error.name : typeof error, ...(typeof code === "number" ? { code } : {}) };
}
