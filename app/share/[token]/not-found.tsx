export default function ShareNotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-xl font-semibold">This link does not open a report</h1>
      <p className="mt-2 text-sm text-muted">
        It may have expired or been revoked, or it was copied incompletely. Ask the person who shared it for a
        new link.
      </p>
    </main>
  );
}
