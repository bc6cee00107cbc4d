import type { StreamStatus } from "@/lib/client/event-stream";

const LOOK: Record<StreamStatus, { dot: string; text: string }> = {
  connecting: { dot: "bg-zinc-400", text: "connecting…" },
  live: { dot: "bg-emerald-500", text: "live" },
  reconnecting: { dot: "bg-amber-500 animate-pulse", text: "reconnecting…" },
  ended: { dot: "bg-zinc-400", text: "stopped" },
};

/** Whether the page is receiving live updates. */
export function LiveIndicator({ status }: { status: StreamStatus }) {
  const look = LOOK[status];
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400"
      aria-live="polite"
    >
      <span aria-hidden="true" className={`size-2 rounded-full ${look.dot}`} />
      {look.text}
    </span>
  );
}
