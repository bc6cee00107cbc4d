import type { PolicyChange, PolicyValue } from "@/lib/connectors/policy";

export type Severity = "high" | "medium" | "low";

export interface Advice {
  rule: string;
  severity: Severity;
  title: string;
  explanation: string;
  /** A partial change that opens the editor filled in; null when no change is safe to offer. */
  fix: PolicyChange | null;
}

export type Values = Record<string, PolicyValue | null>;

/** What rules know about the process besides its values. */
export interface RuleFacts {
  name: string;
  /** Unit shipped by its package, unchanged (systemd). */
  shipped: boolean;
  type: string | null;
  command: string | null;
  sendSIGKILL: boolean | null;
  /** systemd: settings written in a section that ignores them ("X= in [Service] at f:5 belongs in [Unit]; …"). */
  misplaced: string | null;
  stdoutSyslog: boolean;
  stderrSyslog: boolean;
}

export type Rule = (v: Values, facts: RuleFacts) => Advice | null;
