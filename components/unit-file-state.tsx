import type { ProcessView } from "@/lib/client/types";

/** A systemd unit file's enablement ("enabled", "disabled", "static"…) beside its state; nothing for supervisord. */
export function UnitFileState({ process: p }: { process: Pick<ProcessView, "details"> }) {
  const state = p.details.unitFileState;
  if (typeof state !== "string" || state === "") return null;
  const tone = state.startsWith("enabled") ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-500 dark:text-zinc-400";
  return (
    <span data-unit-file-state={state} className={`text-[10px] whitespace-nowrap ${tone}`} title={`unit file: ${state}`}>
      {state}
    </span>
  );
}
