export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4">
      <div className="h-4 w-40 rounded bg-slate-200" />
      <div className="h-8 w-96 max-w-full rounded bg-slate-200" />
      <div className="h-48 rounded-lg bg-slate-100" />
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="h-64 rounded-lg bg-slate-100" />
        <div className="h-64 rounded-lg bg-slate-100" />
      </div>
      <span className="sr-only">Loading the audit…</span>
    </div>
  );
}
