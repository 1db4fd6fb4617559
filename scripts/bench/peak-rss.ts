/**
 * Peak resident memory of a child process, read from Linux's /proc/<pid>/status (VmHWM: the
 * high-water mark of RSS over the process's life, worker threads included). Sampled until the
 * process ends, since /proc forgets it then.
 */
import fs from "node:fs";

export function readPeakRssMb(pid: number): number | null {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null; // gone, or not Linux
  }
}

/** Keeps the largest VmHWM seen for `pid`; `stop()` takes a last sample and returns it (MB). */
export function watchPeakRss(pid: number, everyMs = 500): { stop(): number; peak(): number } {
  let peak = 0;
  const sample = () => {
    const v = readPeakRssMb(pid);
    if (v !== null && v > peak) peak = v;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    peak: () => peak,
    stop() {
      sample();
      clearInterval(timer);
      return peak;
    },
  };
}

/** Direct children of `pid` (Linux /proc; empty elsewhere). */
export function childPids(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
