"use client";

import { ErrorView } from "../../../_components/error-view";

export default function ImportModelError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorView error={error} reset={reset} what="The model import form" />;
}
