"use client";

import { useEffect } from "react";

/** The body of every error.tsx: what failed, a retry, and the digest to quote in a bug report. */
export function ErrorView({
  error,
  reset,
  what,
}: {
  error: Error & { digest?: string };
  reset: () => void;
  what: string;
}) {
  useEffect(() => {
    console.error(`[dashboard] ${what} failed:`, error);
  }, [error, what]);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-5">
      <h2 className="font-semibold text-red-900">{what} could not be shown</h2>
      <p className="mt-1 text-sm text-red-900">
        {error.message || "An unexpected error occurred."}
        {error.digest ? ` (reference ${error.digest})` : ""}
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-3 rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800"
      >
        Try again
      </button>
    </div>
  );
}
