import { describe, expect, it } from "vitest";
import { identityChecker } from "../../src/core/claim-identity.ts";
import { findMentions } from "../../src/core/entities.ts";
import type { FactCheck } from "../../src/core/factcheck.ts";

const placeOf = (text: string) => findMentions(text).mentions.filter((m) => m.kind === "country" || m.kind === "place").map((m) => m.key);

describe("names of countries and regions across languages and scripts (gazetteer from CLDR)", () => {
  it("North Korea is one country in English, Korean, Spanish, Czech, Dutch, Finnish and Polish", () => {
    for (const text of [
      "Troops from North Korea arrived",
      "북한이 군대를 보냈다",
      "Tropas de Corea del Norte llegaron",
      "Vojáci ze Severní Korea dorazili",
      "Troepen uit Noord-Korea kwamen",
      "Joukot Pohjois-Korea saapuivat",
      "Żołnierze Korea Północna przybyli",
    ]) {
      expect(placeOf(text), text).toContain("KP");
    }
  });

  it("short and variant forms name their country: EE. UU., Costa de Marfil", () => {
    expect(placeOf("Sanciones de EE. UU. a Irán")).toEqual(["US", "IR"]);
    expect(placeOf("Refugiados de Costa de Marfil llegaron")).toContain("CI");
  });

  it("regions are places with one key in every language: Europe = Europa = 유럽", () => {
    const [en, es, ko] = [placeOf("Refugees arrive in Europe"), placeOf("Refugiados llegan a Europa"), placeOf("난민들이 유럽에 도착")];
    expect(en).toEqual(["region-150"]);
    expect(es).toEqual(en);
    expect(ko).toEqual(en);
  });

  it("a localised name that is an English word does not turn English text into a country", () => {
    expect(placeOf("The man said he would go to the market")).toEqual([]);
  });

  it("the slot comparison tells two countries apart in a Spanish post and a Spanish claim", () => {
    const claim = { id: "x", claim: "Corea del Sur envió tropas a Ucrania para apoyar a Rusia", altClaims: [] } as unknown as FactCheck;
    const differences = identityChecker("Corea del Norte envió tropas a Ucrania para apoyar a Rusia").differences(claim);
    expect(differences.map((d) => d.kind)).toContain("country");
  });
});

describe("the query plan uses the English names of the places a post names", () => {
  it("a translation that lost the country gets its English name in the first translated query", async () => {
    const { preparePost } = await import("../../src/core/prepare.ts");
    const { translatePost } = await import("../../src/core/translate-post.ts");
    const { planQueries, withTranslatedQueries } = await import("../../src/core/query-plan.ts");
    const { silentLogger } = await import("../../src/core/logger.ts");
    // An engine that transliterates the name instead of translating it.
    const garbling = { engine: "fake", supports: () => true, toEnglish: async () => "Bukhan decided to send troops to Ukraine", close: async () => {} };
    const prepared = preparePost({ text: "북한이 우크라이나에 군대를 보내기로 결정했다" });
    const translation = (await translatePost(garbling, prepared, silentLogger))!;
    expect(translation.placeNames).toEqual(["North Korea"]);
    const plan = withTranslatedQueries(planQueries(prepared), planQueries(translation.prepared), translation.placeNames);
    const translated = plan.queries.filter((q) => q.language === "en");
    expect(translated[0]!.terms.slice(0, 2)).toEqual(["north", "korea"]);
    expect(translated[0]!.terms.length).toBeLessThanOrEqual(10);
  });

  it("a translation that kept the country ('USA' for 'EE. UU.') adds nothing", async () => {
    const { preparePost } = await import("../../src/core/prepare.ts");
    const { translatePost } = await import("../../src/core/translate-post.ts");
    const { silentLogger } = await import("../../src/core/logger.ts");
    const faithful = { engine: "fake", supports: () => true, toEnglish: async () => "The USA banned imports from Iran", close: async () => {} };
    const translation = (await translatePost(faithful, preparePost({ text: "EE. UU. prohibió las importaciones de Irán", lang: "es" }), silentLogger))!;
    expect(translation.placeNames).toEqual([]);
  });
});
