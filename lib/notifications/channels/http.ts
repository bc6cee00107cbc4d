import { DeliveryError } from "../types";

/**
 * POSTs to a receiver and accepts only 2xx. 5xx, 429 and network errors may pass; other 4xx will
 * not. Errors name the receiver's origin only: the rest of a webhook URL is its secret.
 */
export async function postTo(url: string, init: { headers: Record<string, string>; body: string }, signal: AbortSignal): Promise<void> {
  const origin = new URL(url).origin;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: init.headers, body: init.body, signal, redirect: "error" });
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    throw new DeliveryError(`${origin} ${timedOut ? "did not answer in time" : "could not be reached"}`, true);
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.ok) return;
  throw new DeliveryError(`${origin} answered HTTP ${res.status}`, res.status >= 500 || res.status === 429 || res.status === 408);
}

/** A URL given inline or by environment variable; throws a DeliveryError when the variable is unset. */
export function resolveUrl(c: { url?: string; urlEnv?: string }, env: NodeJS.ProcessEnv): string {
  const url = c.url ?? (c.urlEnv ? env[c.urlEnv] : undefined);
  if (!url) throw new DeliveryError(`environment variable ${c.urlEnv} is not set`, false);
  return url;
}
