import { z } from "zod";
import { isHttpUrl } from "./text.ts";

/** The one normalised verdict scale every publisher's rating is mapped onto. */
export const VERDICTS = [
  "false",
  "mostly-false",
  "misleading",
  "mixed",
  "mostly-true",
  "true",
  "unproven",
  "satire",
  "other",
] as const;
export type Verdict = (typeof VERDICTS)[number];
export const VerdictSchema = z.enum(VERDICTS);

/** ISO calendar date `YYYY-MM-DD`. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A BCP-47 language tag as accepted: `en`, `ko`, `zh-TW`. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** ISO calendar date `YYYY-MM-DD` (a full ISO timestamp is cut to its date by the ingesters). */
export const IsoDateSchema = z.string().regex(ISO_DATE, "expected a date as YYYY-MM-DD");

const HttpUrlSchema = z
  .string()
  .max(2048)
  .refine(isHttpUrl, "expected an http(s) URL");

/**
 * One fact-check: a claim, the rating a publisher gave it and where to read the review.
 * Invariants: `id` is stable across imports (derived from the review URL and the claim by the ingesters);
 * `rating` is the publisher's own wording, untouched; `verdict` is its normalised form (`other` when unknown).
 */
/** A fact-check carries at most this many other wordings of its claim. */
export const ALT_CLAIMS_LIMIT = 20;

export const FactCheckSchema = z.object({
  /** Stable id, at most 200 characters. */
  id: z.string().min(1).max(200),
  /** What was checked, in its own language. */
  claim: z.string().trim().min(1).max(4000),
  /** Other wordings of the same claim (for example the languages it circulated in). Searched like `claim`. */
  altClaims: z.array(z.string().trim().min(1).max(4000)).max(ALT_CLAIMS_LIMIT).default([]),
  title: z.string().trim().max(1000).optional(),
  summary: z.string().trim().max(8000).optional(),
  /** The rating exactly as the publisher wrote it. */
  rating: z.string().trim().min(1).max(300),
  verdict: VerdictSchema,
  publisher: z.object({
    name: z.string().trim().min(1).max(200),
    /** Bare host name, e.g. `factcheck.afp.com`. */
    site: z.string().trim().max(200).optional(),
  }),
  /** Link to the fact-check article. */
  url: HttpUrlSchema,
  /** When the fact-check was published. */
  reviewDate: IsoDateSchema,
  claimDate: IsoDateSchema.optional(),
  claimant: z.string().trim().max(300).optional(),
  /** BCP-47 tag of the claim's language, e.g. `en`, `ko`, `zh-TW`. */
  language: z.string().regex(LANGUAGE_TAG, "expected a BCP-47 language tag"),
  /** URLs where the claim was seen (posts, videos). */
  appearances: z.array(HttpUrlSchema).max(200).default([]),
  /** Where this record came from, e.g. `veritas-snopes`, `claimreview:file.json`. */
  source: z.string().min(1).max(200),
  /** Licence of the record's data, e.g. `CC0-1.0`, `CC-BY-NC-SA-4.0`. */
  license: z.string().min(1).max(200),
});

/** A validated fact-check record (output type: defaults applied). */
/** The keys of a fact-check record. */
export const FACT_CHECK_KEYS: ReadonlySet<string> = new Set(Object.keys(FactCheckSchema.shape));

export type FactCheck = z.output<typeof FactCheckSchema>;
/** What an ingester may hand to `FactCheckSchema.parse` (defaults not yet applied). */
export type FactCheckInput = z.input<typeof FactCheckSchema>;
