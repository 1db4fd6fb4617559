"use client";

import { ErrorView } from "../../_components/error-view";

export default function ShareError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="mx-auto max-w-xl px-4 py-16">
      <ErrorView error={error} reset={reset} what="The shared report" />
    </div>
  );
}
