import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { seededRandom } from "../core/random.ts";

/** Words per language of the generated feed: enough variety for distinct claims, ids and review keys. */
const VOCAB: Readonly<Record<string, readonly string[]>> = {
  en: "government vaccine election troops border president minister video photo water bank tax school hospital police army flood fire virus climate oil price city farmers children doctors secret plan announced banned shows claims".split(" "),
  ko: "정부 백신 선거 군대 국경 대통령 장관 영상 사진 물 은행 세금 학교 병원 경찰 홍수 화재 바이러스 기후 석유 가격 도시 농민 어린이 의사 비밀 계획 발표 금지".split(" "),
  fr: "gouvernement vaccin élection troupes frontière président ministre vidéo photo eau banque impôt école hôpital police armée inondation incendie virus climat pétrole prix ville".split(" "),
  es: "gobierno vacuna elección tropas frontera presidente ministro video foto agua banco impuesto escuela hospital policía ejército inundación incendio virus clima petróleo precio".split(" "),
  de: "Regierung Impfstoff Wahl Truppen Grenze Präsident Minister Video Foto Wasser Bank Steuer Schule Krankenhaus Polizei Armee Hochwasser Brand Virus Klima Öl Preis Stadt".split(" "),
  pt: "governo vacina eleição tropas fronteira presidente ministro vídeo foto água banco imposto escola hospital polícia exército enchente incêndio vírus clima petróleo preço".split(" "),
  ja: "政府 ワクチン 選挙 軍隊 国境 大統領 大臣 動画 写真 水 銀行 税金 学校 病院 警察 洪水 火災 ウイルス 気候 石油 価格 都市 農家 子供".split(" "),
  hi: "सरकार टीका चुनाव सेना सीमा राष्ट्रपति मंत्री वीडियो फोटो पानी बैंक कर स्कूल अस्पताल पुलिस बाढ़ आग वायरस जलवायु तेल कीमत शहर".split(" "),
  ar: "الحكومة لقاح انتخابات قوات حدود الرئيس وزير فيديو صورة ماء بنك ضريبة مدرسة مستشفى شرطة جيش فيضان حريق فيروس مناخ نفط سعر".split(" "),
};
const LANGUAGES = Object.keys(VOCAB);
const PUBLISHERS = [
  ["AFP Fact Check", "factcheck.afp.com"],
  ["Full Fact", "fullfact.org"],
  ["Snopes", "www.snopes.com"],
  ["Les Décodeurs", "www.lemonde.fr"],
  ["Maldita", "maldita.es"],
  ["SNU FactCheck", "factcheck.snu.ac.kr"],
  ["Correctiv", "correctiv.org"],
  ["BOOM", "www.boomlive.in"],
] as const;
const RATINGS = ["False", "Misleading", "Partly false", "Missing context", "True", "Altered photo", "Satire", "Unproven"];

/** What `writeDataFeed` wrote. */
export interface GeneratedFeed {
  file: string;
  reviews: number;
  bytes: number;
  languages: string[];
}

/**
 * Writes a schema.org ClaimReview DataFeed (the shape of the Data Commons feed) of `reviews` generated reviews in
 * nine languages, streaming to disk (memory stays flat whatever the size). Deterministic for a seed. About 1 kB per
 * review, so 200,000 reviews make a file of about 200 MB. For benchmarks and tests only; never committed.
 */
export async function writeDataFeed(file: string, options: { reviews: number; seed?: number }): Promise<GeneratedFeed> {
  const random = seededRandom(options.seed ?? 13);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const words = (language: string, n: number) => Array.from({ length: n }, () => pick(VOCAB[language]!)).join(language === "ja" ? "" : " ");
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  };
  await write('{"@context":"https://schema.org","@type":"DataFeed","dateModified":"2026-12-01","dataFeedElement":[\n');
  for (let i = 0; i < options.reviews; i++) {
    const language = LANGUAGES[i % LANGUAGES.length]!;
    const [publisher, site] = pick(PUBLISHERS);
    const day = `20${String(15 + Math.floor(random() * 11)).padStart(2, "0")}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
    const review = {
      "@type": "ClaimReview",
      url: `https://${site}/fact-check/${i}-${Math.floor(random() * 1e9).toString(36)}`,
      claimReviewed: `${words(language, 14 + Math.floor(random() * 10))} ${i}`,
      author: { "@type": "Organization", name: publisher, url: `https://${site}` },
      datePublished: day,
      inLanguage: language,
      headline: words(language, 10),
      description: words(language, 22 + Math.floor(random() * 12)),
      reviewRating: { "@type": "Rating", alternateName: pick(RATINGS), ratingValue: 1 + Math.floor(random() * 5), bestRating: 5, worstRating: 1 },
      itemReviewed: {
        "@type": "Claim",
        author: { "@type": "Person", name: words(language, 2) },
        datePublished: day,
        appearance: [{ "@type": "CreativeWork", url: `https://social.example/p/${i}` }, { "@type": "CreativeWork", url: `https://video.example/v/${i}` }],
      },
    };
    const item = { "@type": "DataFeedItem", dateCreated: day, item: [review] };
    await write(`${i > 0 ? ",\n" : ""}${JSON.stringify(item)}`);
  }
  await write("\n]}\n");
  out.end();
  await once(out, "finish");
  return { file, reviews: options.reviews, bytes, languages: LANGUAGES };
}
