/**
 * The Google Fact Check Tools API failed for good (after retries, or a non-retryable answer). The message never
 * holds the API key: the key travels in a header, and any text from the server is scrubbed of it.
 */
export class GoogleFactCheckError extends Error {
  override readonly name = "GoogleFactCheckError";
  constructor(
    message: string,
    /** HTTP status, or undefined for a network failure or timeout. */
    readonly status: number | undefined,
    /** Attempts made for this request. */
    readonly attempts: number,
  ) {
    super(message);
  }
}
