/** Where the pipeline reports progress; the CLI passes a cli-progress bar, tests and pipes pass nothing. */
export interface ProgressSink {
  /** The number of records known so far grew (sources are parsed one by one). */
  setTotal(total: number): void;
  /** `done` records have been processed (validated, and upserted unless dry-run). */
  update(done: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr with counts and rate, only when stderr is a TTY (never in pipes, CI logs or tests).
 * Returns undefined otherwise. cli-progress is imported lazily so that non-interactive runs do not load it.
 */
export async function terminalProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<ProgressSink | undefined> {
  if (!stream.isTTY) return undefined;
  const { SingleBar, Presets } = await import("cli-progress");
  const started = Date.now();
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {value}/{total} records | {rate}/s | {duration_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 10,
    },
    Presets.shades_classic,
  );
  bar.start(0, 0, { rate: 0 });
  const rate = (done: number) => Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
  return {
    setTotal(total) {
      bar.setTotal(total);
    },
    update(done) {
      bar.update(done, { rate: rate(done) });
    },
    stop() {
      bar.stop();
    },
  };
}
