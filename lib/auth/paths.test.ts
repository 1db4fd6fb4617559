import { describe, expect, it } from "vitest";
import { safeNextPath, signInUrl } from "./paths";

describe("safeNextPath (no open redirect)", () => {
  it("keeps a local path with its query", () => {
    expect(safeNextPath("/audits/42?tab=bias")).toBe("/audits/42?tab=bias");
  });
  it.each([
    ["https://evil.example/", "absolute URL"],
    ["//evil.example/x", "protocol-relative"],
    ["/\\evil.example", "backslash trick"],
    ["/a\nb", "control character"],
    ["javascript:alert(1)", "scheme"],
    ["", "empty"],
    ["/sign-in?next=/x", "loop back to sign-in"],
    ["/setup", "setup"],
  ])("turns %s (%s) into /", (input) => {
    expect(safeNextPath(input)).toBe("/");
  });
  it("builds the sign-in URL with the next path encoded", () => {
    expect(signInUrl("/audits/1?x=a&b")).toBe("/sign-in?next=%2Faudits%2F1%3Fx%3Da%26b");
    expect(signInUrl(null)).toBe("/sign-in");
  });
});
