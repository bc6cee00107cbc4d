"use client";

import Link from "next/link";
import { useMe } from "@/components/auth/use-me";
import type { EndpointView } from "@/lib/client/types";

/** On a host card, for admins: the page that rereads and updates its manager's config files. */
export function ConfigFilesLink({ endpoint }: { endpoint: EndpointView }) {
  const me = useMe();
  if (!endpoint.configReload || !me?.can.admin) return null;
  return (
    <Link href={`/hosts/${encodeURIComponent(endpoint.hostId)}/config`} className="text-xs text-blue-700 hover:underline dark:text-blue-400">
      Config files: reread / update
    </Link>
  );
}
