"use client";

import useSWR from "swr";
import { apiFetch, apiUrl, appPath } from "@/lib/client/api";

/** The signed-in user as GET /api/auth/me describes them. */
export interface Me {
  user: { name: string; role: "viewer" | "operator" | "admin"; hosts: string[] | null };
  can: { control: boolean; share: boolean; admin: boolean };
}

async function fetchMe(url: string): Promise<Me> {
  const res = await apiFetch(url, { headers: { Accept: "application/json" } });
  if (res.status === 401) {
    // The session ended (signed out elsewhere, password changed, disabled): start over at sign-in.
    window.location.assign(apiUrl(`/login?next=${encodeURIComponent(appPath(window.location.pathname) + window.location.search)}`));
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as Me;
}

/** Who is signed in; undefined while loading (the server refuses what a role cannot do anyway). */
export function useMe(): Me | undefined {
  return useSWR("/api/auth/me", fetchMe, { revalidateOnFocus: true, shouldRetryOnError: false }).data;
}
