import type { IncidentSnapshot } from "@/lib/incidents/types";

const time = (ms: number | null) => (ms === null ? "—" : new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC");

/** What was known when the incident was captured: the process, its last exits, the timeline, the policy. */
export function IncidentFacts({ snapshot }: { snapshot: IncidentSnapshot }) {
  const p = snapshot.process;
  return (
    <div className="grid gap-4 md:grid-cols-3">
      <section>
        <h3 className="mb-1 font-semibold">Process</h3>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3">
          <dt className="text-zinc-500">host</dt>
          <dd>{p.hostId}</dd>
          <dt className="text-zinc-500">process</dt>
          <dd>{p.name}</dd>
          <dt className="text-zinc-500">manager</dt>
          <dd>{p.manager}</dd>
          <dt className="text-zinc-500">state</dt>
          <dd>
            {p.state} ({p.rawState})
          </dd>
          <dt className="text-zinc-500">captured</dt>
          <dd>{time(snapshot.capturedAt)}</dd>
          {p.spawnError ? (
            <>
              <dt className="text-zinc-500">reason</dt>
              <dd>{p.spawnError}</dd>
            </>
          ) : null}
          <dt className="text-zinc-500">redacted</dt>
          <dd>{snapshot.redactions} secrets</dd>
        </dl>
      </section>
      <section>
        <h3 className="mb-1 font-semibold">Last exits</h3>
        {snapshot.exits.length === 0 ? <p className="text-zinc-500">None recorded.</p> : null}
        <ul>
          {snapshot.exits.map((e, i) => (
            <li key={i}>
              {time(e.at)}: {e.signal ? `killed by ${e.signal}` : `exit status ${e.exitStatus}`} ({e.rawState})
            </li>
          ))}
        </ul>
        {snapshot.relapses && snapshot.relapses.length > 0 ? (
          <>
            <h3 className="mt-3 mb-1 font-semibold">Gave up again while open ({snapshot.relapses.length})</h3>
            <ul aria-label="Gave up again while open">
              {snapshot.relapses.map((r, i) => (
                <li key={i}>
                  {time(r.at)}: {r.exitSignal ? `killed by ${r.exitSignal}` : r.exitStatus !== null ? `exit status ${r.exitStatus}` : r.rawState}
                  {r.spawnError ? ` — ${r.spawnError}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3 className="mt-3 mb-1 font-semibold">Restart policy {snapshot.policy.source === "details" ? "(as the manager reported it)" : ""}</h3>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3">
          {Object.entries(snapshot.policy.values).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-zinc-500">{k}</dt>
              <dd>{v === null ? "—" : String(v)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section>
        <h3 className="mb-1 font-semibold">Timeline</h3>
        {snapshot.timeline.length === 0 ? <p className="text-zinc-500">No changes recorded.</p> : null}
        {snapshot.timeline.length > 0 && (
          // Focusable so the scrolled timeline can be read with the keyboard alone.
          <ol tabIndex={0} aria-label="Timeline" className="max-h-64 overflow-y-auto rounded focus-visible:outline-2 focus-visible:outline-sky-600">
          {snapshot.timeline.map((t, i) => (
            <li key={i}>
              {time(t.at)}: {t.fromState ?? "?"} → {t.toState}
              {t.exitStatus !== null ? ` (exit ${t.exitStatus})` : ""}
              {t.signal ? ` (${t.signal})` : ""}
            </li>
          ))}
        </ol>
        )}
      </section>
    </div>
  );
}
