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
