/** The three training strategies the verification compares (verify.ts), cheapest first. */
export type Strategy = "frozen" | "fine_tune" | "scratch";
export const STRATEGIES: readonly Strategy[] = ["frozen", "fine_tune", "scratch"];
