import Link from "next/link";
import type { ReactNode } from "react";

/** Sign-in, first run and account pages: the product name, no dashboard navigation. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center px-4 py-3">
          <Link href="/" className="font-semibold text-ink">
            Transfer Audit
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-4xl px-4 py-10">
        {children}
      </main>
    </>
  );
}
