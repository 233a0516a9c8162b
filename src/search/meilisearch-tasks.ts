import { MeilisearchTaskTimeOutError, type EnqueuedTask, type Meilisearch, type Task } from "meilisearch";
import type { Resilience } from "./resilience.ts";

/** An indexing task ended `failed` or `canceled`; the message names the batch and Meilisearch's error code. */
export class MeilisearchTaskError extends Error {
  override readonly name = "MeilisearchTaskError";
  constructor(
    readonly label: string,
    readonly taskUid: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Waits for a Meilisearch task by polling (each poll with the resilience policy); a `failed` or `canceled` task
 * throws MeilisearchTaskError naming `label` (e.g. "upsert batch 2/7 (...)"), unless its error code is accepted.
 */
export async function waitForTask(
  client: Meilisearch,
  resilience: Resilience,
  enqueued: EnqueuedTask,
  label: string,
  options: { taskTimeoutMs: number; pollMs: number; requestTimeoutMs: number; acceptedCodes?: readonly string[] },
): Promise<Task> {
  const timeout = options.taskTimeoutMs;
  let task: Task;
  try {
    task = await resilience.run(
      "wait task",
      () => client.tasks.waitForTask(enqueued.taskUid, { timeout, interval: options.pollMs }),
      { deadlineMs: timeout + options.requestTimeoutMs },
    );
  } catch (error) {
    if (error instanceof MeilisearchTaskTimeOutError) {
      throw new MeilisearchTaskError(
        label,
        enqueued.taskUid,
        undefined,
        `meilisearch ${label}: task ${enqueued.taskUid} still not done after ${timeout} ms (it may finish later; see GET /tasks/${enqueued.taskUid})`,
      );
    }
    throw error;
  }
  if (task.status === "succeeded") return task;
  const code = task.error?.code;
  if (code && options.acceptedCodes?.includes(code)) return task;
  throw new MeilisearchTaskError(
    label,
    task.uid,
    code,
    `meilisearch ${label} ${task.status} (task ${task.uid}): ${code ?? "no code"}: ${task.error?.message ?? "no message"}`,
  );
}
