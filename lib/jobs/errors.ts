/**
 * A failure that retrying cannot fix (malformed payload, a model file that is gone, bad data):
 * the runner records it and does not retry.
 */
export class PermanentJobError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

export function isPermanent(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { permanent?: boolean }).permanent === true;
}
