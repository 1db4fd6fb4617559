import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Transfer Audit", template: "%s · Transfer Audit" },
  description:
    "Should you reuse this pretrained model, and what biases come with it? Measured, with evidence.",
};

/**
 * The document shell only: the dashboard adds its navigation, a share page adds none.
 *
 * `connection()` renders every page per request, the not-found page included. The CSP
 * (proxy.ts) allows only scripts carrying this response's nonce, and Next stamps the nonce while
 * rendering; a page prerendered at build time (Next does that to /_not-found on its own) has no
 * nonce, so its scripts would be blocked and its links would stop working.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-ink antialiased">{children}</body>
    </html>
  );
}
