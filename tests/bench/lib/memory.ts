import { readdirSync, readFileSync } from "node:fs";

/** The app server's process: a child of this one whose environment says PORT=<port>. */
export function findServerPid(port: number): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (environ.includes(`PORT=${port}`)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no child process serves port ${port}`);
}

export interface MemoryReading {
  /** Resident set size now, in MiB. */
  rss: number;
  /** Peak resident set size since the process started (VmHWM), in MiB. */
  peak: number;
}

export function readMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}

/** Samples a process's memory every `everyMs` until stopped; returns the highest reading seen. */
export function sampleMemory(pid: number, everyMs = 250) {
  let highest: MemoryReading = readMemory(pid);
  const timer = setInterval(() => {
    try {
      const reading = readMemory(pid);
      highest = { rss: Math.max(highest.rss, reading.rss), peak: Math.max(highest.peak, reading.peak) };
    } catch {
      clearInterval(timer);
    }
  }, everyMs);
  return {
    stop(): MemoryReading {
      clearInterval(timer);
      try {
        const reading = readMemory(pid);
        return { rss: Math.max(highest.rss, reading.rss), peak: Math.max(highest.peak, reading.peak) };
      } catch {
        return highest;
      }
    },
  };
}
