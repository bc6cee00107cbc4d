"use client";

import Link from "next/link";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { useMe } from "@/components/auth/use-me";
import { UserMenu } from "@/components/auth/user-menu";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { LiveIndicator } from "@/components/live-indicator";
import { BatchResults } from "@/components/overview/batch-results";
import { FleetCards } from "@/components/overview/fleet-cards";
import { FleetTable } from "@/components/overview/fleet-table";
import { HostStrip } from "@/components/overview/host-strip";
import { OverviewToolbar } from "@/components/overview/overview-toolbar";
import { StateChips } from "@/components/overview/state-chips";
import { AdviceChip, useAdvice } from "@/components/policy/advice-filter";
import { ACTION_LABEL, describeAction } from "@/lib/client/process-actions";
import {
  buildRows,
  countFlapping,
  countStates,
  type GroupBy,
  type GroupRow,
  type SortSpec,
} from "@/lib/client/table-model";
import type { ControlAction, ProcessState, ProcessView } from "@/lib/client/types";
import { useBatchAction } from "@/lib/client/use-batch-action";
import { useFleet } from "@/lib/client/use-fleet";
import { FleetUsageProvider } from "@/lib/client/use-fleet-usage";
import { useNarrow } from "@/lib/client/use-narrow";
import { useTitle } from "@/lib/client/use-title";

interface PendingBatch {
  title: string;
  body: string;
  action: ControlAction;
  targets: ProcessView[];
}

function toggle<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

/** The overview: every process of every host, live, filterable, with group actions. */
export function Overview() {
  const { fleet, live, error } = useFleet();
  const [text, setText] = useState("");
  const [states, setStates] = useState<ReadonlySet<ProcessState>>(new Set());
  const [flappingOnly, setFlappingOnly] = useState(false);
  const [adviceOnly, setAdviceOnly] = useState(false);
  const advice = useAdvice();
  const [groupBy, setGroupBy] = useState<GroupBy>("none");
  const [sort, setSort] = useState<SortSpec>({ key: "state", dir: "asc" });
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<PendingBatch | null>(null);
  const batch = useBatchAction();
  const me = useMe();
  const canControl = me?.can.control ?? true;
  const deferredText = useDeferredValue(text);

  const processes = useMemo(() => [...fleet.processes.values()], [fleet.processes]);
  const endpoints = useMemo(() => [...fleet.endpoints.values()], [fleet.endpoints]);
  const counts = useMemo(() => countStates(processes), [processes]);
  const flapping = useMemo(() => countFlapping(processes), [processes]);
  const rows = useMemo(
    () =>
      buildRows(adviceOnly ? processes.filter((p) => advice.has(p.id)) : processes, {
        text: deferredText, states, flappingOnly, groupBy, sort, collapsed,
      }),
    [processes, adviceOnly, advice, deferredText, states, flappingOnly, groupBy, sort, collapsed],
  );
  const gaveUp = useMemo(
    () => processes.filter((p) => p.state === "gave-up" && !p.stale),
    [processes],
  );
  const narrow = useNarrow();
  useTitle(gaveUp.length);
  const shown = rows.reduce((n, r) => n + (r.kind === "process" ? 1 : 0), 0);

  const askGroupAction = useCallback(
    (row: GroupRow, action: ControlAction) => {
      const targets = processes.filter((p) => p.hostId === row.hostId && p.group === row.group);
      const text = describeAction(
        action,
        `all ${targets.length} processes of group ${row.label} on ${row.hostName ?? row.hostId}`,
      );
      setPending({ ...text, action, targets });
    },
    [processes],
  );
  const askRestartGaveUp = () => {
    const text = describeAction("reset-and-start", `all ${gaveUp.length} processes that gave up`);
    setPending({ ...text, action: "reset-and-start", targets: gaveUp });
  };
  const confirm = () => {
    if (!pending) return;
    setPending(null);
    void batch.start(
      `${ACTION_LABEL[pending.action]}: ${pending.targets.length} processes`,
      pending.targets,
      pending.action,
    );
  };

  return (
    <main className="flex h-screen flex-col gap-2 p-3">
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-lg font-semibold">Respawn</h1>
        <Link href="/incidents" className="text-blue-700 hover:underline dark:text-blue-400">
          Incidents
        </Link>
        <LiveIndicator status={live} />
        <StateChips
          counts={counts}
          selected={states}
          onToggle={(s) => setStates((prev) => toggle(prev, s))}
          onClear={() => {
            setStates(new Set());
            setFlappingOnly(false);
          }}
          flapping={{ count: flapping, selected: flappingOnly, onToggle: () => setFlappingOnly((f) => !f) }}
        />
        <AdviceChip count={advice.size} selected={adviceOnly} onToggle={() => setAdviceOnly((a) => !a)} />
        <UserMenu me={me} />
      </header>
      <HostStrip endpoints={endpoints} />
      <OverviewToolbar
        text={text}
        onText={setText}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
        gaveUp={gaveUp.length}
        onRestartGaveUp={canControl ? askRestartGaveUp : undefined}
        busy={batch.run?.running ?? false}
        shown={shown}
      />
      {batch.run && <BatchResults run={batch.run} onDismiss={batch.dismiss} />}
      {error && (
        <p className="text-red-700 dark:text-red-400">Could not read the fleet: {error.message}</p>
      )}
      {fleet.seq < 0 && !error ? (
        <p className="p-4 text-zinc-500">Loading the fleet…</p>
      ) : (
        <FleetUsageProvider>
          {narrow ? (
            <FleetCards rows={rows} />
          ) : (
            <FleetTable
              rows={rows}
              sort={sort}
              onSort={setSort}
              onToggleGroup={(key) => setCollapsed((prev) => toggle(prev, key))}
              onGroupAction={canControl ? askGroupAction : undefined}
            />
          )}
        </FleetUsageProvider>
      )}
      {pending && (
        <ConfirmDialog
          title={pending.title}
          confirmLabel={ACTION_LABEL[pending.action]}
          tone={pending.action === "stop" ? "danger" : "primary"}
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        >
          <p>{pending.body}</p>
          <p className="mt-1">Each process gets its own result.</p>
        </ConfirmDialog>
      )}
    </main>
  );
}
