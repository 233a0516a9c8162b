/** Why one translation request failed, as far as the circuit breaker cares. */
export type TranslateFailureKind =
  /** No answer within the deadline. */
  | "timeout"
  /** Connection refused/reset, DNS failure, the engine process died. */
  | "network"
  /** HTTP 5xx or 429. */
  | "server"
  /** HTTP 401/403: the key is missing or wrong. Not a breaker failure (the server is up). */
  | "auth"
  /** HTTP 400 and other 4xx: the language pair or the text was refused. Not a breaker failure. */
  | "refused";

/** A failed translation request. The message carries the kind and the HTTP status, never a key or a URL. */
export class TranslateFailure extends Error {
  override readonly name = "TranslateFailure";
  constructor(
    readonly kind: TranslateFailureKind,
    readonly status?: number,
  ) {
    super(status === undefined ? `translation failed: ${kind}` : `translation failed: ${kind}, HTTP ${status}`);
  }
}

/** Whether a failure says the engine is unhealthy (counts against the circuit breaker). */
export function isEngineFailure(kind: TranslateFailureKind): boolean {
  return kind === "timeout" || kind === "network" || kind === "server";
}
