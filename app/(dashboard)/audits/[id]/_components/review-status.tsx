"use client";

import { useActionState, useId } from "react";
import { type ActionState, changeReviewStatusAction } from "../../actions";

/** Buttons for the review transitions the current user may make, with an optional comment. */
export function ReviewStatusForm({
  auditId,
  transitions,
}: {
  auditId: string;
  transitions: { to: string; verb: string }[];
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(changeReviewStatusAction, {});
  const id = useId();
  if (transitions.length === 0) return null;
  return (
    <form action={action} className="mt-3 space-y-2 text-sm">
      <input type="hidden" name="auditId" value={auditId} />
      <label htmlFor={`${id}-c`} className="block text-xs text-muted">
        Comment for the trail (required when requesting changes)
      </label>
      <textarea
        id={`${id}-c`}
        name="comment"
        rows={2}
        className="w-full rounded border border-slate-300 p-2"
      />
      <div className="flex flex-wrap gap-2">
        {transitions.map((t) => (
          <button
            key={t.to}
            type="submit"
            name="to"
            value={t.to}
            disabled={pending}
            className={`rounded px-3 py-1.5 font-medium disabled:opacity-60 ${
              t.to === "approved"
                ? "bg-emerald-700 text-white hover:bg-emerald-800"
                : t.to === "changes_requested"
                  ? "bg-amber-600 text-white hover:bg-amber-700"
                  : "bg-accent text-white hover:bg-blue-800"
            }`}
          >
            {t.verb}
          </button>
        ))}
      </div>
      {state.error && (
        <p role="alert" className="text-red-700">
          {state.error}
        </p>
      )}
    </form>
  );
}
