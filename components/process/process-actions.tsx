"use client";

import { useState } from "react";
import { Button } from "@/components/button";
import { useMe } from "@/components/auth/use-me";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ActionResultPanel, type ActionOutcome } from "@/components/process/action-result";
import { Spinner } from "@/components/spinner";
import { runAction } from "@/lib/client/api";
import { ACTION_LABEL, actionsFor, describeAction } from "@/lib/client/process-actions";
import type { ControlAction, ProcessView } from "@/lib/client/types";

type Phase =
  | { kind: "idle" }
  | { kind: "confirm"; action: ControlAction }
  | { kind: "running"; action: ControlAction };

/** While an action runs: what Respawn waits for, and the state as it changes live. */
function ActionProgress({ action, process }: { action: ControlAction; process: ProcessView }) {
  const waitsToSettle = action !== "stop";
  return (
    <p role="status" aria-label="Action progress" className="text-xs text-zinc-600 dark:text-zinc-300">
      {ACTION_LABEL[action]} sent.{" "}
      {waitsToSettle
        ? "Waiting until it has stayed up long enough to count as started"
        : "Waiting until it has stopped"}{" "}
      — now {process.rawState}
      {process.pid !== null ? ` (pid ${process.pid})` : ""}.
    </p>
  );
}

/** Start / stop / restart (and reset-and-start after gave-up), each confirmed, then the real result. */
export function ProcessActions({ process }: { process: ProcessView }) {
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const offered = actionsFor(process);
  const running = phase.kind === "running";
  const me = useMe();

  const run = async (action: ControlAction) => {
    setPhase({ kind: "running", action });
    setOutcome(null);
    try {
      setOutcome({ action, result: await runAction(process.id, action) });
    } catch (e) {
      setOutcome({ action, error: e instanceof Error ? e.message : String(e) });
    } finally {
      setPhase({ kind: "idle" });
    }
  };

  const question =
    phase.kind === "confirm"
      ? describeAction(phase.action, `${process.name} on ${process.hostName}`)
      : null;
  if (me && !me.can.control) {
    return <p className="text-xs text-zinc-500">Your role ({me.user.role}) can see this process but not act on it.</p>;
  }
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {offered.map((action) => (
          <Button
            key={action}
            tone={action === "stop" ? "default" : "primary"}
            disabled={running}
            onClick={() => setPhase({ kind: "confirm", action })}
          >
            {running && phase.action === action && (
              <Spinner label={`${ACTION_LABEL[action]} running`} />
            )}
            {ACTION_LABEL[action]}
          </Button>
        ))}
        {process.stale && (
          <span className="text-xs text-zinc-500">
            Its host does not answer: actions are unavailable.
          </span>
        )}
        {!process.stale && offered.length === 0 && (
          <span className="text-xs text-zinc-500">No action while it is {process.state}.</span>
        )}
      </div>
      {running && <ActionProgress action={phase.action} process={process} />}
      {outcome && <ActionResultPanel outcome={outcome} onDismiss={() => setOutcome(null)} />}
      {phase.kind === "confirm" && question && (
        <ConfirmDialog
          title={question.title}
          confirmLabel={ACTION_LABEL[phase.action]}
          tone={phase.action === "stop" ? "danger" : "primary"}
          onConfirm={() => void run(phase.action)}
          onCancel={() => setPhase({ kind: "idle" })}
        >
          {question.body}
        </ConfirmDialog>
      )}
    </div>
  );
}
