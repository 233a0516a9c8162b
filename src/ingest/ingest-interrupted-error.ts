/**
 * The index failed in the middle of an ingest (a Meilisearch task failed, the server went away). Names the
 * pipeline batch that failed (its number, its first and last record locations) and how many records were imported
 * before it; the cause (e.g. MeilisearchTaskError naming the backend's own batch and error code) is kept. Upserts
 * are idempotent by id, so running the same ingest again resumes: records already imported are rewritten as they
 * were, the rest are added.
 */
export class IngestInterruptedError extends Error {
  override readonly name = "IngestInterruptedError";
  constructor(
    readonly batch: number,
    readonly firstLocation: string,
    readonly lastLocation: string,
    readonly batchRecords: number,
    readonly importedBefore: number,
    options: { cause: unknown },
  ) {
    const why = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `ingest stopped at batch ${batch} (${batchRecords} records, ${firstLocation} … ${lastLocation}) after ` +
        `${importedBefore} records were imported: ${why}. Run the same ingest again to resume.`,
      options,
    );
  }
}
