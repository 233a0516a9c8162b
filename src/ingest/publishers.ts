/** Known fact-checking publishers: how they appear in bylines and which host they publish on. */
export interface KnownPublisher {
  name: string;
  site: string;
  /** Matches the publisher in a byline ("Richard Kang, AFP South Korea"). */
  byline: RegExp;
}

/** A small table of IFCN signatories and wire services seen in fact-check bylines. Extend as needed. */
export const KNOWN_PUBLISHERS: readonly KnownPublisher[] = [
  { name: "AFP Fact Check", site: "factcheck.afp.com", byline: /\bAFP\b|Agence France-Presse/ },
  { name: "Reuters Fact Check", site: "reuters.com", byline: /\bReuters\b/ },
  { name: "AP Fact Check", site: "apnews.com", byline: /\bAP\b|Associated Press/ },
  { name: "PolitiFact", site: "politifact.com", byline: /PolitiFact/i },
  { name: "Snopes", site: "snopes.com", byline: /\bSnopes\b/i },
  { name: "FactCheck.org", site: "factcheck.org", byline: /FactCheck\.org/i },
  { name: "Full Fact", site: "fullfact.org", byline: /\bFull Fact\b/i },
  { name: "Lead Stories", site: "leadstories.com", byline: /\bLead Stories\b/i },
  { name: "USA TODAY", site: "usatoday.com", byline: /\bUSA TODAY\b/i },
  { name: "Check Your Fact", site: "checkyourfact.com", byline: /\bCheck Your Fact\b/i },
  { name: "Africa Check", site: "africacheck.org", byline: /\bAfrica Check\b/i },
  { name: "Newtral", site: "newtral.es", byline: /\bNewtral\b/i },
  { name: "Maldita.es", site: "maldita.es", byline: /\bMaldita\b/i },
  { name: "Chequeado", site: "chequeado.com", byline: /\bChequeado\b/i },
  { name: "Correctiv", site: "correctiv.org", byline: /\bCorrectiv\b/i },
  { name: "BOOM", site: "boomlive.in", byline: /\bBOOM\b/ },
  { name: "Alt News", site: "altnews.in", byline: /\bAlt News\b/i },
  { name: "Rappler", site: "rappler.com", byline: /\bRappler\b/i },
  { name: "VERA Files", site: "verafiles.org", byline: /\bVERA Files\b/i },
  { name: "Aos Fatos", site: "aosfatos.org", byline: /\bAos Fatos\b/i },
  { name: "Agência Lupa", site: "lupa.uol.com.br", byline: /\bLupa\b/ },
  { name: "Logically", site: "logically.ai", byline: /\bLogically\b/ },
  { name: "Taiwan FactCheck Center", site: "tfc-taiwan.org.tw", byline: /Taiwan FactCheck|台灣事實查核/i },
  { name: "Cofacts", site: "cofacts.tw", byline: /\bCofacts\b/i },
  { name: "SNU FactCheck", site: "factcheck.snu.ac.kr", byline: /SNU ?Fact ?Check|서울대.*팩트체크/i },
  { name: "JTBC 팩트체크", site: "news.jtbc.co.kr", byline: /\bJTBC\b/ },
  { name: "연합뉴스 팩트체크", site: "yna.co.kr", byline: /\bYonhap\b|연합뉴스/i },
  { name: "Newschecker", site: "newschecker.in", byline: /\bNewschecker\b/i },
  { name: "Factly", site: "factly.in", byline: /\bFactly\b/ },
  { name: "PesaCheck", site: "pesacheck.org", byline: /\bPesaCheck\b/i },
  { name: "Teyit", site: "teyit.org", byline: /\bTeyit\b/i },
];

/** The known publisher named in a byline, or undefined. */
export function publisherFromByline(byline: string): KnownPublisher | undefined {
  return KNOWN_PUBLISHERS.find((p) => p.byline.test(byline));
}

/** The known publisher of a host (`factcheck.afp.com`, `www.reuters.com`), or undefined. */
export function publisherFromSite(host: string | undefined): KnownPublisher | undefined {
  if (!host) return undefined;
  const h = host.toLowerCase().replace(/^www\./, "");
  return KNOWN_PUBLISHERS.find((p) => h === p.site || h.endsWith(`.${p.site}`));
}
