import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Transfer Audit", template: "%s · Transfer Audit" },
  description:
    "Should you reuse this pretrained model, and what biases come with it? Measured, with evidence.",
};

/** The document shell only: the dashboard adds its navigation, a share page adds none. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-ink antialiased">{children}</body>
    </html>
  );
}
