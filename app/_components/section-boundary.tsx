"use client";

import { Component, type ReactNode } from "react";

/**
 * Keeps one broken report section from blanking the whole report: the section shows what went
 * wrong and the rest renders on.
 */
export class SectionBoundary extends Component<
  { title: string; children: ReactNode },
  { error: Error | null }
> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error) {
    console.error(`[report] section "${this.props.title}" failed:`, error);
  }

  override render() {
    if (this.state.error) {
      return (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          This section could not be shown ({this.state.error.message}). The other sections are unaffected.
        </p>
      );
    }
    return this.props.children;
  }
}
