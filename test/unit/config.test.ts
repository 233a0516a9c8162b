import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { ConfigError } from "../../src/core/errors.ts";

describe("config", () => {
  it("has zero-config defaults", () => {
    const config = loadConfig({});
    expect(config.SEARCH_BACKEND).toBe("sqlite");
    expect(config.CLAIMBOT_DATA_DIR).toBe("./.claimbot");
    expect(config.HTTP_PORT).toBe(8080);
  });
  it("names the bad variable and never prints its value", () => {
    const secret = "not-a-url-SECRET-123";
    let caught: unknown;
    try {
      loadConfig({ MEILI_URL: secret, SEARCH_BACKEND: "meilisearch" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variables).toContain("MEILI_URL");
    expect(String((caught as Error).message)).not.toContain(secret);
  });
  it("requires MEILI_URL for the meilisearch backend", () => {
    expect(() => loadConfig({ SEARCH_BACKEND: "meilisearch" })).toThrow(/MEILI_URL/);
  });
});
