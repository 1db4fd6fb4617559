import type { ReactNode } from "react";
import { useId } from "react";
import { term } from "@/lib/reports/glossary";

/**
 * A jargon term with its one-sentence explanation from lib/reports/glossary.ts: shown on hover and
 * on keyboard focus, and given to screen readers as the term's accessible description.
 */
export function Term({ k, children }: { k: string; children?: ReactNode }) {
  const id = useId();
  const entry = term(k);
  const tip = entry.source ? `${entry.explain} (${entry.source})` : entry.explain;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can read the explanation
    <span className="term" tabIndex={0} aria-describedby={id} data-term={k}>
      {children ?? entry.label}
      <span id={id} aria-hidden="true" className="term-tip">
        {tip}
      </span>
    </span>
  );
}
