/**
 * The review workflow of an audit.
 *
 * Warnings: a reviewer comments on a warning or marks it acknowledged (read, accepted as is),
 * mitigated (something was done; the comment says what) or blocking (the audit must not be
 * approved while it stands). The audit: draft -> in review -> approved | changes requested, and
 * back to in review after changes or to reopen an approval. Every change is one row in
 * audit_events with who and when, written in the same transaction as the change.
 */

import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getAudit } from "@/db/queries/audits";
import {
  getWarning,
  insertAuditEvent,
  insertReview,
  knownUserId,
  setReviewStatus,
  setWarningReviewState,
} from "@/db/queries/reports";
import { type ReviewStatus, type Role, warnings } from "@/db/schema";

export type WarningDecision = "comment" | "acknowledged" | "mitigated" | "blocking";
export type WarningState = "open" | "acknowledged" | "mitigated" | "blocking";

export interface Actor {
  id: string;
  email: string;
  role: Role;
}

const RANK: Record<Role, number> = { viewer: 0, reviewer: 1, editor: 2, admin: 3 };

export interface Transition {
  from: ReviewStatus;
  to: ReviewStatus;
  /** Lowest role allowed to make it. */
  minRole: Role;
  /** What the button says. */
  verb: string;
}

/** Every allowed change of an audit's review status. */
export const TRANSITIONS: readonly Transition[] = [
  { from: "draft", to: "in_review", minRole: "editor", verb: "Submit for review" },
  { from: "in_review", to: "approved", minRole: "reviewer", verb: "Approve" },
  { from: "in_review", to: "changes_requested", minRole: "reviewer", verb: "Request changes" },
  { from: "changes_requested", to: "in_review", minRole: "editor", verb: "Resubmit for review" },
  { from: "approved", to: "in_review", minRole: "reviewer", verb: "Reopen review" },
];

export function allowedTransitions(from: ReviewStatus, role: Role): Transition[] {
  return TRANSITIONS.filter((t) => t.from === from && RANK[role] >= RANK[t.minRole]);
}

/**
 * Why an approval is refused, or null: no warning may be marked blocking, and no high-severity
 * warning may be left unreviewed (open).
 */
export function approvalBlockers(
  ws: readonly { severity: string; reviewState: string; title: string }[],
): string | null {
  const blocking = ws.filter((w) => w.reviewState === "blocking");
  if (blocking.length)
    return `${blocking.length} warning(s) marked blocking: ${blocking.map((w) => w.title).join("; ")}`;
  const open = ws.filter((w) => w.severity === "high" && w.reviewState === "open");
  if (open.length)
    return `${open.length} high-severity warning(s) not reviewed yet: ${open.map((w) => w.title).join("; ")}`;
  return null;
}

export class ReviewError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "ReviewError";
  }
}

function requireRole(actor: Actor, min: Role): void {
  if (RANK[actor.role] < RANK[min])
    throw new ReviewError("role", `this needs the ${min} role; you are ${actor.role}`);
}

/** Records a reviewer's decision on one warning of an audit. */
export async function reviewWarning(
  db: Db,
  actor: Actor,
  input: { auditId: string; warningId: number; decision: WarningDecision; comment: string },
): Promise<{ from: WarningState; to: WarningState }> {
  requireRole(actor, "reviewer");
  const comment = input.comment.trim();
  if (input.decision === "comment" && !comment) throw new ReviewError("comment", "a comment needs text");
  if ((input.decision === "mitigated" || input.decision === "blocking") && !comment) {
    throw new ReviewError(
      "comment",
      `say ${input.decision === "mitigated" ? "what was done" : "why it blocks"} in the comment`,
    );
  }
  const audit = await getAudit(db, input.auditId);
  if (!audit) throw new ReviewError("auditId", "no such audit");
  if (audit.reviewStatus === "approved" && input.decision !== "comment") {
    throw new ReviewError("warning", "the audit is approved: reopen the review before changing a warning");
  }
  return db.transaction(async (tx) => {
    const w = await getWarning(tx, input.auditId, input.warningId);
    if (!w) throw new ReviewError("warningId", "no such warning in this audit");
    const from = w.reviewState;
    const to: WarningState = input.decision === "comment" ? from : input.decision;
    if (to !== from) await setWarningReviewState(tx, w.id, to);
    await insertReview(tx, {
      auditId: input.auditId,
      warningId: w.id,
      userId: await knownUserId(tx, actor.id),
      decision: input.decision,
      comment,
    });
    await insertAuditEvent(tx, {
      auditId: input.auditId,
      actorId: actor.id,
      actorEmail: actor.email,
      action: "warning_review",
      fromState: from,
      toState: to,
      detail: { warningId: w.id, title: w.title, decision: input.decision, comment },
    });
    return { from, to };
  });
}

/** Moves an audit along the review workflow. */
export async function changeReviewStatus(
  db: Db,
  actor: Actor,
  input: { auditId: string; to: ReviewStatus; comment: string },
): Promise<{ from: ReviewStatus; to: ReviewStatus }> {
  const audit = await getAudit(db, input.auditId);
  if (!audit) throw new ReviewError("auditId", "no such audit");
  const from = audit.reviewStatus;
  const t = TRANSITIONS.find((x) => x.from === from && x.to === input.to);
  if (!t)
    throw new ReviewError(
      "to",
      `an audit ${from.replace("_", " ")} cannot move to ${input.to.replace("_", " ")}`,
    );
  requireRole(actor, t.minRole);
  if (input.to === "in_review" && audit.status !== "done") {
    throw new ReviewError("to", "only a finished audit can be reviewed");
  }
  const comment = input.comment.trim();
  if (input.to === "changes_requested" && !comment)
    throw new ReviewError("comment", "say which changes are needed");
  return db.transaction(async (tx) => {
    if (input.to === "approved") {
      const ws = await tx.select().from(warnings).where(eq(warnings.auditId, input.auditId));
      const why = approvalBlockers(ws);
      if (why) throw new ReviewError("to", `cannot approve: ${why}`);
    }
    const ok = await setReviewStatus(tx, input.auditId, from, input.to);
    if (!ok) throw new ReviewError("to", "the review status changed meanwhile; reload and try again");
    await insertAuditEvent(tx, {
      auditId: input.auditId,
      actorId: actor.id,
      actorEmail: actor.email,
      action: "review_status",
      fromState: from,
      toState: input.to,
      detail: comment ? { comment } : {},
    });
    return { from, to: input.to };
  });
}
