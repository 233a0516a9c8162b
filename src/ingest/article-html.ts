import { loadHtml } from "./html-parser.ts";

/** Elements that never hold the article's own text. */
const NOT_CONTENT = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button, [aria-hidden=true]";
/** Elements whose text becomes one line each. */
const BLOCKS = "h1, h2, h3, h4, p, li, blockquote, figcaption, pre";

/**
 * Turns an article page into the plain text `extractArticle` reads: the `<h1>` (else `<title>`) as first line,
 * prefixed with `date YYYY-MM-DD` when the page states its publication time, then one line per block of the
 * `<article>` (else `<main>`, else `<body>`). Markup, scripts and navigation are left out.
 */
export function htmlToArticleText(html: string): string {
  const $ = loadHtml(html);
  const published =
    $('meta[property="article:published_time"]').attr("content") ??
    $('meta[name="date"]').attr("content") ??
    $("time[datetime]").first().attr("datetime");
  const title = ($("h1").first().text() || $("title").first().text()).replace(/\s+/g, " ").trim();
  $(NOT_CONTENT).remove();
  const root = $("article").first().length ? $("article").first() : $("main").first().length ? $("main").first() : $("body");
  const lines: string[] = [];
  root.find(BLOCKS).each((_, element) => {
    if ($(element).parents(BLOCKS).length > 0) return;
    const text = $(element).text().replace(/\s+/g, " ").trim();
    if (text && text !== title) lines.push(text);
  });
  const date = /^\d{4}-\d{2}-\d{2}/.exec(published ?? "")?.[0];
  return [`${date ? `date ${date} ` : ""}${title}`, ...lines].join("\n\n");
}
