"use client";

import { ErrorView } from "../../_components/error-view";

export default function SectionError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorView error={error} reset={reset} what="The datasets" />;
}
