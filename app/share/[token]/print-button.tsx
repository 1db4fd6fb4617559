"use client";

/** Print or save as PDF with the browser (the print stylesheet applies). */
export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded border border-slate-300 px-2 py-1 text-ink hover:bg-slate-50"
    >
      Print / save as PDF
    </button>
  );
}
