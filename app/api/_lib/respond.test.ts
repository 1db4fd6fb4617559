import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthError } from "@/lib/auth/errors";
import { HttpError, respond } from "./respond";

describe("respond", () => {
  afterEach(() => vi.restoreAllMocks());

  it("answers the guard's refusals 401 / 403 without logging them as failures", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const anon = await respond("export", async () => {
      throw new AuthError("unauthenticated");
    });
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toContain("Cookie");
    expect(await anon.json()).toMatchObject({ code: "unauthenticated" });
    const low = await respond("export", async () => {
      throw new AuthError("forbidden", "editor", "viewer");
    });
    expect(low.status).toBe(403);
    expect(((await low.json()) as { error: string }).error).toMatch(/^Forbidden: this needs the editor role/);
    // A copy of the class from another bundle (same shape, not the same constructor) counts too.
    const copy = Object.assign(
      new Error("Forbidden: this needs the admin role; you are signed in as viewer."),
      {
        name: "AuthError",
        code: "forbidden",
        status: 403,
      },
    );
    expect((await respond("export", async () => Promise.reject(copy))).status).toBe(403);
    expect(log).not.toHaveBeenCalled();
  });

  it("keeps an HttpError's status, and logs anything else before answering 500", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const missing = await respond("export", async () => {
      throw new HttpError(404, "no such audit");
    });
    expect(missing.status).toBe(404);
    // A message that merely starts like a refusal is still a failure: only the guard's error is one.
    const broken = await respond("export", async () => {
      throw new Error("Forbidden: words in an unrelated error");
    });
    expect(broken.status).toBe(500);
    expect(((await broken.json()) as { error: string }).error).toBe(
      "export failed: Forbidden: words in an unrelated error",
    );
    expect(log).toHaveBeenCalledTimes(1);
  });
});
