import type { Metadata } from "next";
import { Shortcuts } from "@/components/shortcuts";
import { withBasePath } from "@/lib/util/base-path";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Respawn", template: "%s — Respawn" },
  // Metadata URLs are not put under the base path by Next.js.
  icons: { icon: [{ url: withBasePath("/icon.svg"), type: "image/svg+xml" }] },
  description: "supervisord and systemd processes on every host, live.",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-sm text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {children}
        <Shortcuts />
      </body>
    </html>
  );
}
