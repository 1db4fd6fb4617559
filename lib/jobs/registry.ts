import type { JobDefinition } from "./types";

/**
 * The job types this process knows. Each job file registers itself through `registerJob`;
 * `lib/jobs/all.ts` imports every job file so a worker knows them all.
 */
const registry = new Map<string, JobDefinition>();

export function registerJob(def: JobDefinition): void {
  registry.set(def.type, def);
}

export function getJob(type: string): JobDefinition | undefined {
  return registry.get(type);
}

export function allJobs(): JobDefinition[] {
  return [...registry.values()];
}
