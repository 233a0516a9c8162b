/** The search backend could not be reached or answered with a server error. Lookups turn it into `rejected`. */
export class SearchUnavailableError extends Error {
  override readonly name = "SearchUnavailableError";
  constructor(
    message: string,
    readonly backend: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Configuration is missing or invalid. The message names variables, never their values. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    message: string,
    readonly variables: string[],
  ) {
    super(message);
  }
}
