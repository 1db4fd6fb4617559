import { describe, expect, it } from "vitest";
import { hasRole, parseRole, ROLES } from "./roles";

describe("role order viewer < reviewer < editor < admin", () => {
  it("grants exactly the roles at or below one's own (the full 4 x 4 table)", () => {
    // Expected by definition: role i may act where the minimum is role j iff j <= i in this order.
    const order = ["viewer", "reviewer", "editor", "admin"] as const;
    for (const [i, role] of order.entries()) {
      for (const [j, min] of order.entries()) expect(hasRole(role, min), `${role} vs ${min}`).toBe(j <= i);
    }
    expect([...ROLES].sort()).toEqual([...order].sort());
  });
  it("gives an unknown role no rights", () => {
    expect(hasRole("superuser", "viewer")).toBe(false);
    expect(hasRole(undefined, "viewer")).toBe(false);
  });
  it("parses roles and names the field on a bad one", () => {
    expect(parseRole("editor")).toBe("editor");
    expect(() => parseRole("root", "--role")).toThrow(
      '--role: must be one of admin, editor, reviewer, viewer, got "root"',
    );
  });
});
