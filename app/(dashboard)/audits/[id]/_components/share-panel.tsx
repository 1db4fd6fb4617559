"use client";

import { useActionState, useId, useState } from "react";
import { type ActionState, createShareLinkAction, revokeShareLinkAction } from "../../actions";

export interface ShareLinkRow {
  id: number;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdBy: string | null;
  state: "active" | "expired" | "revoked";
}

function RevokeButton({ auditId, linkId }: { auditId: string; linkId: number }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(revokeShareLinkAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="auditId" value={auditId} />
      <input type="hidden" name="linkId" value={linkId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-red-300 px-2 py-0.5 text-xs text-red-800 hover:bg-red-50 disabled:opacity-60"
      >
        Revoke
      </button>
      {state.error && (
        <span role="alert" className="ml-2 text-xs text-red-700">
          {state.error}
        </span>
      )}
    </form>
  );
}

/** Read-only share links: create one (its URL is shown once), see who opened when, revoke. */
export function SharePanel({ auditId, links }: { auditId: string; links: ShareLinkRow[] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(createShareLinkAction, {});
  const [copied, setCopied] = useState(false);
  const id = useId();
  return (
    <div className="text-sm">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="auditId" value={auditId} />
        <label htmlFor={`${id}-label`} className="flex flex-col gap-1 text-xs text-muted">
          Label (who it is for)
          <input
            id={`${id}-label`}
            name="label"
            className="rounded border border-slate-300 px-2 py-1 text-sm text-ink"
            maxLength={200}
          />
        </label>
        <label htmlFor={`${id}-exp`} className="flex flex-col gap-1 text-xs text-muted">
          Expires
          <select
            id={`${id}-exp`}
            name="expiresInDays"
            defaultValue="7"
            className="rounded border border-slate-300 px-2 py-1 text-sm text-ink"
          >
            <option value="1">in 1 day</option>
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="0">never</option>
          </select>
        </label>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-accent px-3 py-1.5 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
        >
          {pending ? "Creating…" : "Create share link"}
        </button>
      </form>
      {state.error && (
        <p role="alert" className="mt-2 text-red-700">
          {state.error}
        </p>
      )}
      {state.url && (
        <div className="mt-3 rounded border border-emerald-300 bg-emerald-50 p-3" role="status">
          <p className="text-xs text-emerald-900">
            Copy this link now: it is shown only once (only a hash of it is stored).
          </p>
          <div className="mt-1 flex gap-2">
            <input
              readOnly
              value={state.url}
              aria-label="Share link"
              data-testid="share-url"
              className="w-full rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-xs"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button
              type="button"
              className="rounded border border-emerald-400 px-2 text-xs"
              onClick={async () => {
                await navigator.clipboard?.writeText(state.url!);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      )}
      {links.length > 0 && (
        <table className="mt-4 w-full text-left text-xs">
          <caption className="sr-only">Share links of this audit</caption>
          <thead className="text-muted">
            <tr>
              <th scope="col" className="py-1">
                Label
              </th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last opened</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {links.map((l) => (
              <tr key={l.id} className="border-t border-slate-100" data-testid="share-link-row">
                <td className="py-1">{l.label ?? "—"}</td>
                <td>
                  {l.createdAt.slice(0, 16).replace("T", " ")} {l.createdBy ? `by ${l.createdBy}` : ""}
                </td>
                <td>{l.expiresAt ? l.expiresAt.slice(0, 16).replace("T", " ") : "never"}</td>
                <td>{l.lastUsedAt ? l.lastUsedAt.slice(0, 16).replace("T", " ") : "never"}</td>
                <td>{l.state}</td>
                <td className="text-right">
                  {l.state === "active" && <RevokeButton auditId={auditId} linkId={l.id} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
