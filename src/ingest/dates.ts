/** Calendar-date parsing shared by the ingesters: every source writes dates its own way. */

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

const ISO_START_RE = /^(\d{4})-(\d{2})-(\d{2})(?![\d])/;
const ISO_RE = /(\d{4})-(\d{1,2})-(\d{1,2})/;
const SLASH_YMD_RE = /\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b/;
/** "26 May 2015", "26. Mai 2015" is not handled (English month names only). */
const DAY_MONTH_YEAR_RE = /\b(\d{1,2})(?:st|nd|rd|th)?\s*([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/;
/** "October 22, 2019", "Apr. 26 2022". */
const MONTH_DAY_YEAR_RE = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/;
/** Korean "2022년 4월 26일". */
const KO_RE = /(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일/;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Days of each month in a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : MONTH_DAYS[month - 1]!;
}

function build(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || year < 1900 || year > 2100) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function monthNumber(word: string): number | undefined {
  return MONTHS[word.toLowerCase().slice(0, word.length === 4 && word.toLowerCase() === "sept" ? 4 : 3)];
}

/**
 * The first calendar date found in `value`, as `YYYY-MM-DD`, or undefined. Accepts ISO dates and timestamps (the
 * date part is kept as written, no time-zone shift), `YYYY/MM/DD`, "26 May 2015", "October 22, 2019", "2022년 4월
 * 26일", and epoch milliseconds as numbers.
 */
export function toIsoDate(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (!text) return undefined;
  // Fast path: most sources write ISO dates or timestamps.
  const iso = ISO_START_RE.exec(text);
  if (iso) return build(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  let m = ISO_RE.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  m = SLASH_YMD_RE.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  m = KO_RE.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_MONTH_YEAR_RE.exec(text);
  if (m) {
    const month = monthNumber(m[2] ?? "");
    if (month) return build(Number(m[3]), month, Number(m[1]));
  }
  m = MONTH_DAY_YEAR_RE.exec(text);
  if (m) {
    const month = monthNumber(m[1] ?? "");
    if (month) return build(Number(m[3]), month, Number(m[2]));
  }
  return undefined;
}

/** A review date encoded in a fact-check URL path (`/2019/oct/30/`, `/2022/04/26/`), or undefined. */
export function dateFromUrl(url: string): string | undefined {
  const m = /\/(\d{4})\/([a-z]{3}|\d{1,2})\/(\d{1,2})(?:\/|$)/i.exec(url);
  if (!m) return undefined;
  const month = /^\d+$/.test(m[2] ?? "") ? Number(m[2]) : monthNumber(m[2] ?? "");
  return month ? build(Number(m[1]), month, Number(m[3])) : undefined;
}
