import { describe, expect, it } from "vitest";
import { allowedTransitions, approvalBlockers } from "./review";

describe("review workflow rules", () => {
  it("offers each role only its transitions", () => {
    expect(allowedTransitions("draft", "editor").map((t) => t.to)).toEqual(["in_review"]);
    expect(allowedTransitions("draft", "reviewer")).toEqual([]);
    expect(allowedTransitions("in_review", "reviewer").map((t) => t.to)).toEqual([
      "approved",
      "changes_requested",
    ]);
    expect(allowedTransitions("in_review", "viewer")).toEqual([]);
  });

  it("blocks approval on blocking or unreviewed high-severity warnings", () => {
    expect(approvalBlockers([{ severity: "high", reviewState: "acknowledged", title: "a" }])).toBeNull();
    expect(approvalBlockers([{ severity: "high", reviewState: "open", title: "a" }])).toMatch(/not reviewed/);
    expect(approvalBlockers([{ severity: "info", reviewState: "blocking", title: "b" }])).toMatch(
      /blocking: b/,
    );
    expect(approvalBlockers([{ severity: "medium", reviewState: "open", title: "c" }])).toBeNull();
  });
});
