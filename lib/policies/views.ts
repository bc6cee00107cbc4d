/** What the policy routes send to a browser: file texts become masked diffs, command lines stay on the server. */
import { createTwoFilesPatch } from "diff";
import { POLICY_FIELDS, type PolicyApplyResult, type PolicyField, type ProcessPolicy } from "@/lib/connectors/policy";
import { advisePolicy, type Advice } from "./advisor";
import type { PolicyHistoryEntry } from "./history";
import { redactConfigText } from "./redact";

export interface PolicyView {
  processId: string;
  policy: ProcessPolicy;
  advice: Advice[];
  /** The fields the editor offers (the manager's, minus those this version lacks). */
  fields: PolicyField[];
}

export interface PolicyPlanView {
  path: string;
  /** Unified diff of the file, secrets masked. */
  diff: string;
  /** The whole new text, only when Respawn cannot write it (to copy by hand); null otherwise. */
  copyText: string | null;
  changed: boolean;
  applyRestarts: boolean;
  readOnlyReason: string | null;
}

/** A history entry as sent to a browser: the file texts become a masked diff. */
export type PolicyHistoryView = Omit<PolicyHistoryEntry, "textBefore" | "textAfter"> & { diff: string };

/** The outcome of an apply or restore, as sent to a browser. */
export interface PolicyApplyView {
  ok: boolean;
  message: string;
  rolledBack: boolean;
  path: string;
  diff: string;
  policy: ProcessPolicy | null;
  advice: Advice[];
  historyId: number;
}

/** Strips file texts (a masked diff instead) and adds the advice on the policy read back. */
export function applyView(r: PolicyApplyResult & { historyId: number }): PolicyApplyView {
  return {
    ok: r.ok,
    message: r.message,
    rolledBack: r.rolledBack,
    path: r.path,
    diff: diffOf(r.path, r.before, r.after),
    policy: r.policy ? forBrowser(r.policy) : null,
    advice: r.policy ? advisePolicy(r.policy) : [],
    historyId: r.historyId,
  };
}

export function fieldsFor(policy: ProcessPolicy): PolicyField[] {
  const shown = new Set(policy.settings.map((s) => s.key));
  return POLICY_FIELDS[policy.manager].filter((f) => !f.optional || shown.has(f.key));
}

/** A unified diff of a config file change, secrets masked. */
export function diffOf(path: string, before: string, after: string): string {
  return redactConfigText(createTwoFilesPatch(path, path, before, after, "now", "after the change", { context: 3 }));
}

/** The policy as sent to a browser: the command line (which may hold secrets) stays on the server. */
export function forBrowser(policy: ProcessPolicy): ProcessPolicy {
  const { command: _command, ...facts } = policy.facts;
  return { ...policy, facts };
}
