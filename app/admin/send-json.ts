import { apiFetch } from "@/lib/client/api";

/** A JSON request to the admin API; resolves with the error message, or null when it worked. */
export async function sendJson(url: string, method: string, body: unknown): Promise<string | null> {
  try {
    const res = await apiFetch(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (res.ok) return null;
    const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return data?.error?.message ?? `HTTP ${res.status}`;
  } catch {
    return "the dashboard does not answer";
  }
}
