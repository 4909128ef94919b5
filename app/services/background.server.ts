/**
 * The runner for periodic jobs; the jobs themselves are listed in `~/services/jobs.server`.
 * Each job must be safe to run on several instances at once: they claim work with
 * conditional updates or `FOR UPDATE SKIP LOCKED`, never by assuming they are alone.
 */
export interface BackgroundJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Runs each job once, one after another, and reports failures by name instead of stopping at the first. */
export async function runBackgroundJobsOnce(jobs: readonly BackgroundJob[]): Promise<{ name: string; error?: unknown }[]> {
  const results: { name: string; error?: unknown }[] = [];
  for (const job of jobs) {
    try {
      await job.run();
      results.push({ name: job.name });
    } catch (error: unknown) {
      console.error(`[job ${job.name}]`, error);
      results.push({ name: job.name, error });
    }
  }
  return results;
}

/** Starts the given jobs on their intervals; returns a function that stops them and waits for runs in flight. */
export function startBackgroundJobs(jobs: readonly BackgroundJob[]): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  const timers = jobs.map((job) => {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const run = job
        .run()
        .catch((error: unknown) => console.error(`[job ${job.name}]`, error))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    return timer;
  });
  return async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.allSettled([...running]);
  };
}
