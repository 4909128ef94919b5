/**
 * Periodic jobs that run inside every app instance (and alone under `npm run worker`).
 * Each job must be safe to run on several instances at once: they claim work with
 * conditional updates or `FOR UPDATE SKIP LOCKED`, never by assuming they are alone.
 */
export interface BackgroundJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

const jobs: BackgroundJob[] = [];

export function registerBackgroundJob(job: BackgroundJob): void {
  if (!jobs.some((existing) => existing.name === job.name)) jobs.push(job);
}

/** Starts every registered job; returns a function that stops them and waits for runs in flight. */
export function startBackgroundJobs(): () => Promise<void> {
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
