import useSWR from "swr";
import { requestJson, processUrl } from "@/lib/client/api";
import type { PolicyChange, PolicyField, PolicyValue, ProcessPolicy } from "@/lib/connectors/policy";
import type { Advice } from "@/lib/policies/advisor";
import type { PolicyApplyView, PolicyHistoryView, PolicyPlanView, PolicyView } from "@/lib/policies/views";

export type { Advice, PolicyApplyView, PolicyChange, PolicyField, PolicyHistoryView, PolicyPlanView, PolicyValue, PolicyView, ProcessPolicy };

const policyUrl = (id: string) => `${processUrl(id)}/policy`;

function post<T>(url: string, body: unknown): Promise<T> {
  return requestJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** The policy in force with its advice; refreshed after each apply. */
export function usePolicy(id: string) {
  return useSWR(policyUrl(id), () => requestJson<PolicyView>(policyUrl(id)), { revalidateOnFocus: false });
}

export function usePolicyHistory(id: string) {
  const url = `${policyUrl(id)}/history`;
  return useSWR(url, () => requestJson<{ entries: PolicyHistoryView[] }>(url), { revalidateOnFocus: false });
}

export function planPolicy(id: string, change: PolicyChange): Promise<PolicyPlanView> {
  return post(`${policyUrl(id)}/plan`, { change });
}

export function applyPolicy(id: string, change: PolicyChange, resetAndStart: boolean): Promise<PolicyApplyView> {
  return post(policyUrl(id), { change, resetAndStart });
}

export function restorePolicy(id: string, entryId: number, which: "before" | "after"): Promise<PolicyApplyView> {
  return post(`${policyUrl(id)}/history/${entryId}/restore`, { which });
}

/** A value as shown: lists joined, booleans and seconds in words. */
export function formatPolicyValue(v: PolicyValue | null | undefined, field?: PolicyField): string {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v)) return v.join(",");
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number" && field?.kind.type === "seconds") return `${v} s`;
  return String(v);
}
