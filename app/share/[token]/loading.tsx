export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="mx-auto max-w-6xl animate-pulse space-y-4 px-4 py-6">
      <div className="h-8 w-96 max-w-full rounded bg-slate-200" />
      <div className="h-48 rounded-lg bg-slate-100" />
      <span className="sr-only">Loading the report…</span>
    </div>
  );
}
