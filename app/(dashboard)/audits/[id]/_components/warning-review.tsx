"use client";

import { useActionState, useId } from "react";
import { type ActionState, reviewWarningAction } from "../../actions";

/** A reviewer's decision on one warning: comment, acknowledge, mark mitigated or blocking. */
export function WarningReview({
  auditId,
  warningId,
  title,
}: {
  auditId: string;
  warningId: number;
  title: string;
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(reviewWarningAction, {});
  const id = useId();
  return (
    <details className="no-print mt-2 text-sm">
      <summary className="cursor-pointer text-accent">Review this warning</summary>
      <form
        action={action}
        className="mt-2 space-y-2 rounded bg-slate-50 p-3"
        aria-label={`Review: ${title}`}
      >
        <input type="hidden" name="auditId" value={auditId} />
        <input type="hidden" name="warningId" value={warningId} />
        <fieldset className="flex flex-wrap gap-4">
          <legend className="mb-1 text-xs text-muted">Decision</legend>
          {(
            [
              ["acknowledged", "Acknowledge"],
              ["mitigated", "Mitigated"],
              ["blocking", "Blocking"],
              ["comment", "Comment only"],
            ] as const
          ).map(([v, label], i) => (
            <label key={v} className="flex items-center gap-1">
              <input type="radio" name="decision" value={v} defaultChecked={i === 0} />
              {label}
            </label>
          ))}
        </fieldset>
        <label htmlFor={`${id}-c`} className="block text-xs text-muted">
          Comment (required for mitigated, blocking and comments)
        </label>
        <textarea
          id={`${id}-c`}
          name="comment"
          rows={2}
          className="w-full rounded border border-slate-300 p-2"
          maxLength={4000}
        />
        <div className="flex items-center gap-3">
          <button
            type="submit"
            disabled={pending}
            className="rounded bg-accent px-3 py-1.5 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
          >
            {pending ? "Saving…" : "Save review"}
          </button>
          {state.error && (
            <p role="alert" className="text-red-700">
              {state.error}
            </p>
          )}
          {state.ok && (
            <p role="status" className="text-emerald-800">
              Saved.
            </p>
          )}
        </div>
      </form>
    </details>
  );
}
