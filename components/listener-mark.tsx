import type { ProcessView } from "@/lib/client/types";

/** Marks Respawn's own supervisord event listener, so nobody takes it for one of their services. */
export function ListenerMark({ process }: { process: Pick<ProcessView, "details"> }) {
  if (process.details.respawnListener !== true) return null;
  return (
    <span
      data-listener
      title="Respawn's event listener: forwards this host's state changes to the dashboard"
      className="rounded bg-emerald-100 px-1 text-[10px] font-semibold whitespace-nowrap text-emerald-900 uppercase dark:bg-emerald-900/50 dark:text-emerald-200"
    >
      Respawn listener
    </span>
  );
}
