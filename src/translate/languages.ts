/**
 * Language codes of translation engines → the BCP-47 primary subtags the core uses. Apertium names its modes with
 * ISO 639-3 codes (`spa-eng`); LibreTranslate uses two-letter codes already.
 */
const ISO3_TO_BCP47: Readonly<Record<string, readonly string[]>> = {
  spa: ["es"], cat: ["ca"], glg: ["gl"], eus: ["eu"], hbs: ["sr", "hr", "bs"], srp: ["sr"], hrv: ["hr"], bos: ["bs"],
  mkd: ["mk"], isl: ["is"], epo: ["eo"], por: ["pt"], fra: ["fr"], ita: ["it"], oci: ["oc"], ron: ["ro"],
  nno: ["nn", "no"], nob: ["nb", "no"], swe: ["sv"], dan: ["da"], deu: ["de"], nld: ["nl"], afr: ["af"], kaz: ["kk"],
  tat: ["tt"], bel: ["be"], ukr: ["uk"], rus: ["ru"], cym: ["cy"], gle: ["ga"], bre: ["br"], mlt: ["mt"], arg: ["an"],
  ast: ["ast"], kor: ["ko"], jpn: ["ja"], zho: ["zh"], ind: ["id"], msa: ["ms"], tur: ["tr"], ara: ["ar"],
};

/** The BCP-47 primary subtags an engine's code stands for (`spa` → `es`; `es` → `es`). */
export function toBcp47(code: string): string[] {
  const lower = code.toLowerCase();
  if (/^[a-z]{2}$/.test(lower)) return [lower];
  return [...(ISO3_TO_BCP47[lower] ?? [lower])];
}
