import { readProcessPolicy } from "@/lib/policies/verbs";
import type { PolicyReader } from "./snapshot";

/** A capture does not wait on a slow host for long: the lines are what matters. */
const POLICY_READ_MS = 10_000;

/** The restart policy in force as lib/policies reads it: each setting's value, without the files that set it. */
export const readPolicyForIncident: PolicyReader = async (processId) => {
  const timeout = new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(new Error("the policy read timed out")), POLICY_READ_MS);
    t.unref();
  });
  const view = await Promise.race([readProcessPolicy(processId), timeout]);
  return Object.fromEntries(
    view.policy.settings.map((s) => [s.key, Array.isArray(s.value) ? s.value.join(",") : s.value]),
  );
};
