import Link from "next/link";

export default function AuditNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-5">
      <h1 className="text-lg font-semibold">No such audit</h1>
      <p className="mt-1 text-sm text-muted">It may have been deleted, or the address is mistyped.</p>
      <Link href="/" className="mt-3 inline-block text-sm text-accent underline">
        Back to the audits
      </Link>
    </div>
  );
}
