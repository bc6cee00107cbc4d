"use client";

import useSWR from "swr";

/** The signed-in user as GET /api/auth/me describes them. */
export interface Me {
  user: { name: string; role: "viewer" | "operator" | "admin"; hosts: string[] | null };
  can: { control: boolean; share: boolean; admin: boolean };
}

async function fetchMe(url: string): Promise<Me> {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (res.status === 401) {
    // The session ended (signed out elsewhere, password changed, disabled): start over at sign-in.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as Me;
}

/** Who is signed in; undefined while loading (the server refuses what a role cannot do anyway). */
export function useMe(): Me | undefined {
  return useSWR("/api/auth/me", fetchMe, { revalidateOnFocus: true, shouldRetryOnError: false }).data;
}
