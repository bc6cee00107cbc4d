/**
 * The advisor: pure rules over a restart policy that flag what keeps a service from healing
 * itself. Each rule has an id, a severity (high: it will not come back, or data is lost), a
 * plain-words explanation (also in docs/POLICIES.md) and, where one is safe, a fix: a partial
 * change that opens the editor filled in. Settings that are deliberate for a kind of service
 * (see deliberate.ts) get no advice and never a fix.
 */
import type { ProcessPolicy } from "@/lib/connectors/policy";
import { SUPERVISORD_RULES } from "./advisor-supervisord";
import { SYSTEMD_RULES } from "./advisor-systemd";
import type { Advice, RuleFacts, Severity, Values } from "./advisor-types";
import { shippedAsIs } from "./deliberate";

export type { Advice, Severity } from "./advisor-types";

const ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

function factsOf(policy: ProcessPolicy): RuleFacts {
  const f = policy.facts;
  return {
    name: policy.name,
    shipped: policy.manager === "systemd" && shippedAsIs(policy.files),
    type: typeof f.type === "string" ? f.type : null,
    command: typeof f.command === "string" ? f.command : null,
    sendSIGKILL: typeof f.sendSIGKILL === "boolean" ? f.sendSIGKILL : null,
    misplaced: typeof f.misplaced === "string" && f.misplaced ? f.misplaced : null,
    stdoutSyslog: f.stdout_syslog === true,
    stderrSyslog: f.stderr_syslog === true,
  };
}

/** Checks one policy against every rule of its manager; worst first. */
export function advisePolicy(policy: ProcessPolicy): Advice[] {
  const values: Values = Object.fromEntries(policy.settings.map((s) => [s.key, s.value]));
  const rules = policy.manager === "systemd" ? SYSTEMD_RULES : SUPERVISORD_RULES;
  const facts = factsOf(policy);
  return rules
    .map((rule) => rule(values, facts))
    .filter((a): a is Advice => a !== null)
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
