import type { ControlAction, ControlOutcome, ProcessState, ProcessView } from "@/lib/client/types";

export const ACTION_LABEL: Record<ControlAction, string> = {
  start: "Start",
  stop: "Stop",
  restart: "Restart",
  "reset-and-start": "Reset and start",
  enable: "Enable",
  disable: "Disable",
};

/** The outcome words shown after an action: the same as the API's and the audit's. */
export const OUTCOME_WORD: Record<ControlOutcome, string> = {
  done: "done",
  failed: "failed",
  unknown: "outcome unknown",
};
export const OUTCOME_MARK: Record<ControlOutcome, string> = { done: "✓", failed: "✗", unknown: "?" };

/** What a user may ask in each state; nothing that the manager would only refuse. */
const BY_STATE: Record<ProcessState, ControlAction[]> = {
  running: ["restart", "stop"],
  starting: ["restart", "stop"],
  stopping: [],
  stopped: ["start"],
  crashed: ["start"],
  "gave-up": ["reset-and-start"],
  unknown: ["start", "restart", "stop"],
};

/** Enable or disable, for a systemd unit file that is one or the other (static units have no [Install]). */
function unitFileActions(details: ProcessView["details"] | undefined): ControlAction[] {
  const state = details?.unitFileState;
  if (state === "disabled") return ["enable"];
  if (state === "enabled" || state === "enabled-runtime") return ["disable"];
  return [];
}

/** The actions offered for a process right now: none while its host does not answer. */
export function actionsFor(p: Pick<ProcessView, "state" | "stale"> & Partial<Pick<ProcessView, "details">>): ControlAction[] {
  return p.stale ? [] : [...BY_STATE[p.state], ...unitFileActions(p.details)];
}

/** The question a confirmation asks, with what the action really does. */
export function describeAction(
  action: ControlAction,
  target: string,
): { title: string; body: string } {
  switch (action) {
    case "start":
      return {
        title: `Start ${target}?`,
        body: "The manager starts it and Respawn reads back the state it reached.",
      };
    case "stop":
      return { title: `Stop ${target}?`, body: "It stays stopped until someone starts it again." };
    case "restart":
      return {
        title: `Restart ${target}?`,
        body: "It is stopped, then started again; the state reached is read back.",
      };
    case "reset-and-start":
      return {
        title: `Reset and start ${target}?`,
        body: "The manager gave up on it. Its failure state is cleared, then it is started again.",
      };
    case "enable":
      return {
        title: `Enable ${target}?`,
        body: "systemd links it as its [Install] section says (systemctl enable) and reloads; it starts at the next boot, not now.",
      };
    case "disable":
      return {
        title: `Disable ${target}?`,
        body: "systemd removes its [Install] links (systemctl disable) and reloads; it is not stopped now.",
      };
  }
}
