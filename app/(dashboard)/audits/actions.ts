"use server";

/**
 * The dashboard's own writes on audits: create and start one, review its warnings, move it through
 * review, share it. Each action validates its input with zod and goes through requireUser.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { insertAuditEvent } from "@/db/queries/reports";
import { REVIEW_STATUSES } from "@/db/schema";
import { AuditInputError, createAudit, planJobKey } from "@/lib/audits/create";
import { publicBaseUrl } from "@/lib/auth/auth";
import { isAuthError } from "@/lib/auth/errors";
import { requireUser } from "@/lib/auth/guard";
import { enqueueJob } from "@/lib/jobs/client";
import { changeReviewStatus, ReviewError, reviewWarning } from "@/lib/reports/review";
import { createShareLink, revokeShareLink, shareUrl } from "@/lib/reports/share";

export interface ActionState {
  ok?: boolean;
  error?: string;
  field?: string;
  /** A share link's URL, shown once. */
  url?: string;
}

function fail(e: unknown): ActionState {
  // The guard's refusal (401 / 403) is an answer, not a failure: its message says what to do.
  if (isAuthError(e)) return { error: e.message };
  if (e instanceof AuditInputError || e instanceof ReviewError) return { error: e.message, field: e.field };
  if (e instanceof z.ZodError) {
    const i = e.issues[0]!;
    return { error: `${i.path.join(".") || "input"}: ${i.message}`, field: String(i.path[0] ?? "") };
  }
  console.error("[actions]", e);
  return { error: (e as Error).message || "Something went wrong; the error is in the server log." };
}

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const newAuditForm = z.object({
  name: z.string().trim().min(1, "give the audit a name").max(200),
  modelId: z.string().uuid("pick a model"),
  sourceDatasetId: z.string().uuid("pick a source dataset"),
  targetDatasetId: z.string().uuid("pick a target dataset"),
  layers: z.array(z.string().min(1)).min(1, "pick at least one layer").max(12, "pick at most 12 layers"),
  protectedAttributes: z.array(z.string().min(1)),
  favourableLabel: z.string().trim().max(200).optional(),
  verify: checkbox,
  seed: int(0, 2 ** 31 - 1),
  permutations: int(0, 20_000),
  bootstrap: int(0, 5000),
  maxSamples: int(50, 20_000),
  minGroupSize: int(1, 100_000),
  pooling: z.enum(["avg", "max"]),
  engine: z.enum(["auto", "tfjs", "onnx"]).default("auto"),
});

export async function createAuditAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  let id: string;
  try {
    const user = await requireUser("editor");
    const input = newAuditForm.parse({
      ...Object.fromEntries(form),
      layers: form.getAll("layers"),
      protectedAttributes: form.getAll("protectedAttributes"),
    });
    const db = await getDb();
    const audit = await createAudit(db, {
      name: input.name,
      modelId: input.modelId,
      sourceDatasetId: input.sourceDatasetId,
      targetDatasetId: input.targetDatasetId,
      layers: input.layers,
      createdBy: user.id,
      settings: {
        protectedAttributes: input.protectedAttributes,
        favourableLabel: input.favourableLabel ? input.favourableLabel : null,
        verify: input.verify,
        seed: input.seed,
        permutations: input.permutations,
        bootstrap: input.bootstrap,
        maxSamples: input.maxSamples,
        minGroupSize: input.minGroupSize,
        pooling: input.pooling,
        engine: input.engine,
      },
    });
    await enqueueJob("audit.plan", { auditId: audit.id }, { key: planJobKey(audit.id), auditId: audit.id });
    id = audit.id;
  } catch (e) {
    return fail(e);
  }
  revalidatePath("/");
  redirect(`/audits/${id}`);
}

const warningReviewForm = z.object({
  auditId: z.string().uuid(),
  warningId: z.coerce.number().int().positive(),
  decision: z.enum(["comment", "acknowledged", "mitigated", "blocking"]),
  comment: z.string().max(4000).default(""),
});

export async function reviewWarningAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const user = await requireUser("reviewer");
    const input = warningReviewForm.parse(Object.fromEntries(form));
    await reviewWarning(await getDb(), user, input);
    revalidatePath(`/audits/${input.auditId}`);
    return { ok: true };
  } catch (e) {
    return fail(e);
  }
}

const reviewStatusForm = z.object({
  auditId: z.string().uuid(),
  to: z.enum(REVIEW_STATUSES),
  comment: z.string().max(4000).default(""),
});

export async function changeReviewStatusAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const user = await requireUser("reviewer");
    const input = reviewStatusForm.parse(Object.fromEntries(form));
    await changeReviewStatus(await getDb(), user, input);
    revalidatePath(`/audits/${input.auditId}`);
    return { ok: true };
  } catch (e) {
    return fail(e);
  }
}

const shareForm = z.object({
  auditId: z.string().uuid(),
  label: z.string().trim().max(200).optional(),
  /** Days until expiry; 0 = never. */
  expiresInDays: z.coerce.number().int().min(0).max(365),
});

export async function createShareLinkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const user = await requireUser("editor");
    const input = shareForm.parse(Object.fromEntries(form));
    const expiresAt =
      input.expiresInDays > 0 ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
    const db = await getDb();
    const { id, token } = await createShareLink(db, {
      auditId: input.auditId,
      label: input.label || null,
      expiresAt,
      createdBy: user.email,
    });
    await insertAuditEvent(db, {
      auditId: input.auditId,
      actorId: user.id,
      actorEmail: user.email,
      action: "share_created",
      detail: { linkId: id, label: input.label || null, expiresAt: expiresAt?.toISOString() ?? null },
    });
    revalidatePath(`/audits/${input.auditId}`);
    // The configured public origin, never the request's Host / X-Forwarded-Host: a forged header
    // must not turn the link an editor copies into a link to someone else's site.
    return { ok: true, url: shareUrl(publicBaseUrl(), token) };
  } catch (e) {
    return fail(e);
  }
}

const revokeForm = z.object({ auditId: z.string().uuid(), linkId: z.coerce.number().int().positive() });

export async function revokeShareLinkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const user = await requireUser("editor");
    const input = revokeForm.parse(Object.fromEntries(form));
    const db = await getDb();
    const ok = await revokeShareLink(db, input.linkId, input.auditId);
    if (ok) {
      await insertAuditEvent(db, {
        auditId: input.auditId,
        actorId: user.id,
        actorEmail: user.email,
        action: "share_revoked",
        detail: { linkId: input.linkId },
      });
    }
    revalidatePath(`/audits/${input.auditId}`);
    return ok ? { ok: true } : { error: "That link is already revoked or does not exist." };
  } catch (e) {
    return fail(e);
  }
}
