// Database tests of lib/reports in one file: opening and migrating an embedded database is the slow
// part, so the share-link and review tests share one per driver.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditEvents, audits, reviews, shareLinks, warnings } from "@/db/schema";
import { testDrivers } from "@/db/testing";
import { TokenBuckets } from "./rate-limit";
import { changeReviewStatus, reviewWarning } from "./review";
import {
  createShareLink,
  hashShareToken,
  newShareToken,
  resolveShareToken,
  revokeShareLink,
  setShareLimiters,
} from "./share";
import { seedAudit } from "./test-seed";

const reviewer = { id: "r1", email: "rev@example.org", role: "reviewer" as const };
const editor = { id: "e1", email: "ed@example.org", role: "editor" as const };
const viewer = { id: "v1", email: "view@example.org", role: "viewer" as const };

for (const driver of testDrivers()) {
  describe(`share links and reviews on ${driver.name}`, () => {
    let database: Database & { destroy(): Promise<void> };
    beforeAll(async () => {
      database = await driver.open();
    });
    afterAll(async () => {
      await database.destroy();
    });
    beforeEach(() => setShareLimiters(undefined));

    it("opens the audit until revoked or expired, and refuses every wrong token alike", async () => {
      const db = database.db;
      const { audit } = await seedAudit(db);
      const link = await createShareLink(db, {
        auditId: audit.id,
        label: null,
        expiresAt: null,
        createdBy: "u",
      });
      const [row] = await db.select().from(shareLinks).where(eq(shareLinks.id, link.id));
      expect(row!.tokenHash).toBe(hashShareToken(link.token));
      expect(JSON.stringify(row)).not.toContain(link.token);

      const ok = await resolveShareToken(db, link.token, "1.1.1.1", { touch: true });
      expect(ok?.auditId).toBe(audit.id);
      expect(await resolveShareToken(db, newShareToken().token, "1.1.1.1")).toBeNull();
      expect(await resolveShareToken(db, "not-a-token", "1.1.1.1")).toBeNull();

      expect(await revokeShareLink(db, link.id, audit.id)).toBe(true);
      expect(await resolveShareToken(db, link.token, "1.1.1.1")).toBeNull();
      expect(await revokeShareLink(db, link.id, audit.id)).toBe(false);

      // Expiry: a link whose expiry has passed is refused on the next request.
      const soon = await createShareLink(db, {
        auditId: audit.id,
        label: "soon",
        expiresAt: new Date(Date.now() + 60_000),
        createdBy: null,
      });
      expect(await resolveShareToken(db, soon.token, "1.1.1.1")).not.toBeNull();
      await db
        .update(shareLinks)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(shareLinks.id, soon.id));
      expect(await resolveShareToken(db, soon.token, "1.1.1.1")).toBeNull();
      await expect(
        createShareLink(db, {
          auditId: audit.id,
          label: null,
          expiresAt: new Date(Date.now() - 1),
          createdBy: null,
        }),
      ).rejects.toThrow(/expiresAt/);
    });

    it("refuses an IP that used up its failed lookups, even with a right token", async () => {
      const db = database.db;
      const { audit } = await seedAudit(db);
      const link = await createShareLink(db, {
        auditId: audit.id,
        label: null,
        expiresAt: null,
        createdBy: null,
      });
      const t = 0;
      setShareLimiters({
        lookups: new TokenBuckets({ capacity: 100, refillPerSecond: 1, now: () => t }),
        failures: new TokenBuckets({ capacity: 3, refillPerSecond: 0.001, now: () => t }),
      });
      for (let i = 0; i < 3; i++)
        expect(await resolveShareToken(db, newShareToken().token, "9.9.9.9")).toBeNull();
      expect(await resolveShareToken(db, link.token, "9.9.9.9")).toBeNull();
      // Another IP is unaffected.
      expect(await resolveShareToken(db, link.token, "8.8.8.8")).not.toBeNull();
    });
    it("records warning decisions and status changes in the trail with who", async () => {
      const db = database.db;
      const { audit, warnings: ws } = await seedAudit(db);
      const high = ws.find((w) => w.severity === "high")!;

      await expect(
        reviewWarning(db, viewer, {
          auditId: audit.id,
          warningId: high.id,
          decision: "acknowledged",
          comment: "",
        }),
      ).rejects.toThrow(/reviewer role/);
      await expect(
        reviewWarning(db, reviewer, {
          auditId: audit.id,
          warningId: high.id,
          decision: "blocking",
          comment: " ",
        }),
      ).rejects.toThrow(/comment/);

      await changeReviewStatus(db, editor, { auditId: audit.id, to: "in_review", comment: "" });
      await expect(
        changeReviewStatus(db, reviewer, { auditId: audit.id, to: "approved", comment: "" }),
      ).rejects.toThrow(/not reviewed yet: High one/);
      const r = await reviewWarning(db, reviewer, {
        auditId: audit.id,
        warningId: high.id,
        decision: "acknowledged",
        comment: "known, documented",
      });
      expect(r).toEqual({ from: "open", to: "acknowledged" });
      await changeReviewStatus(db, reviewer, { auditId: audit.id, to: "approved", comment: "ok" });

      const [a] = await db.select().from(audits).where(eq(audits.id, audit.id));
      expect(a!.reviewStatus).toBe("approved");
      const [w] = await db.select().from(warnings).where(eq(warnings.id, high.id));
      expect(w!.reviewState).toBe("acknowledged");
      const rv = await db.select().from(reviews).where(eq(reviews.auditId, audit.id));
      // The reviewer has no user row (no sign-in in this test): stored as null, the email is in the trail.
      expect(rv.map((x) => [x.decision, x.userId])).toEqual([["acknowledged", null]]);
      const ev = await db.select().from(auditEvents).where(eq(auditEvents.auditId, audit.id));
      expect(ev.map((e) => [e.action, e.fromState, e.toState, e.actorEmail])).toEqual([
        ["review_status", "draft", "in_review", "ed@example.org"],
        ["warning_review", "open", "acknowledged", "rev@example.org"],
        ["review_status", "in_review", "approved", "rev@example.org"],
      ]);

      // Approved: warnings are frozen until the review is reopened.
      await expect(
        reviewWarning(db, reviewer, {
          auditId: audit.id,
          warningId: high.id,
          decision: "blocking",
          comment: "x",
        }),
      ).rejects.toThrow(/reopen/);
      await expect(
        changeReviewStatus(db, reviewer, { auditId: audit.id, to: "changes_requested", comment: "x" }),
      ).rejects.toThrow(/cannot move/);
    });

    it("reviews only finished audits", async () => {
      const db = database.db;
      const { audit } = await seedAudit(db, { status: "running" });
      await expect(
        changeReviewStatus(db, editor, { auditId: audit.id, to: "in_review", comment: "" }),
      ).rejects.toThrow(/finished/);
    });
  });
}
