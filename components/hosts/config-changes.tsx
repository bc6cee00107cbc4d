import type { ConfigChanges, ConfigGroupChange, ConfigUpdateResult } from "@/lib/client/types";

const KINDS = [
  { key: "added", label: "Added", note: "new in the files: added, started if autostart" },
  { key: "changed", label: "Changed", note: "different in the files: stopped, removed and added again" },
  { key: "removed", label: "Removed", note: "gone from the files: stopped and removed" },
] as const;

function GroupList({ groups }: { groups: ConfigGroupChange[] }) {
  return (
    <ul className="ml-4 list-disc">
      {groups.map((g) => (
        <li key={g.group} data-group={g.group}>
          <span className="font-mono">{g.group}</span>
          {(g.programs.length !== 1 || g.programs[0] !== g.group) && (
            <span className="text-zinc-500"> — {g.programs.join(", ") || "no programs"}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** What a reread found, one list per kind of change; empty kinds are left out. */
export function ConfigChangeList({ changes }: { changes: ConfigChanges }) {
  const total = changes.added.length + changes.changed.length + changes.removed.length;
  if (total === 0) return <p data-config-changes="none">The files match what runs: nothing to load.</p>;
  return (
    <div className="space-y-2" data-config-changes={total}>
      {KINDS.filter((k) => changes[k.key].length > 0).map((k) => (
        <section key={k.key} aria-label={k.label}>
          <h3 className="font-medium">
            {k.label} ({changes[k.key].length}) <span className="font-normal text-zinc-500">{k.note}</span>
          </h3>
          <GroupList groups={changes[k.key]} />
        </section>
      ))}
    </div>
  );
}

/** Each group's outcome of an update, and what a reread still finds. */
export function ConfigUpdateOutcome({ result }: { result: ConfigUpdateResult }) {
  return (
    <div role="status" data-update-ok={result.ok} className={`rounded border p-2 ${result.ok ? "border-emerald-300" : "border-red-300"}`}>
      <p className="font-medium">{result.ok ? "Update done" : "Update did not fully work"}: {result.message}</p>
      <ul className="ml-4 list-disc">
        {result.groups.map((g) => (
          <li key={`${g.change}/${g.group}`} data-group-result={g.ok ? "ok" : "failed"}>
            <span className="font-mono">{g.group}</span> ({g.change}): {g.ok ? "" : "failed — "}
            {g.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
