import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-muted">
        There is nothing at this address: it may have been deleted, or the link is mistyped.
      </p>
      <Link href="/" className="mt-4 inline-block text-sm text-accent underline">
        Go to the audits
      </Link>
    </main>
  );
}
