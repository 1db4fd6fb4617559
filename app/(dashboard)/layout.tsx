import Link from "next/link";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/guard";
import { UserMenu } from "../(auth)/_components/user-menu";

/**
 * Every dashboard page needs an account. Each page checks its own role too, and proxy.ts turns
 * away visitors without a session cookie; this check is the layer between them, so a page that
 * forgets its guard still shows nothing to a visitor whose cookie is forged or expired.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  await requireUser("viewer");
  return (
    <>
      <a
        href="#main"
        className="sr-only z-50 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="no-print border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-6 px-4 py-3">
          <Link href="/" className="font-semibold text-ink">
            Transfer Audit
          </Link>
          <Link href="/" className="text-sm text-muted hover:text-ink">
            Audits
          </Link>
          <Link href="/models" className="text-sm text-muted hover:text-ink">
            Models
          </Link>
          <Link href="/datasets" className="text-sm text-muted hover:text-ink">
            Datasets
          </Link>
          <Link
            href="/audits/new"
            className="ml-auto rounded bg-accent px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800"
          >
            New audit
          </Link>
          <UserMenu />
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
