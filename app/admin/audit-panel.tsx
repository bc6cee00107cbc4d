"use client";

import { useState, type FormEvent } from "react";
import useSWR from "swr";
import { apiFetch, apiUrl } from "@/lib/client/api";
import { formatDetail, formatTimestamp } from "@/lib/client/format";

interface Entry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  result: string;
  detail: string | null;
  address: string | null;
}

const FIELDS = ["actor", "action", "target", "from", "to"] as const;
type Filter = Partial<Record<(typeof FIELDS)[number], string>>;

function queryOf(filter: Filter, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  for (const k of FIELDS) {
    const v = filter[k]?.trim();
    // Times typed as local date-times travel as ISO 8601.
    if (v) q.set(k, k === "from" || k === "to" ? new Date(v).toISOString() : v);
  }
  return q.toString();
}

const fetchEntries = async (url: string) => ((await (await apiFetch(url)).json()) as { entries: Entry[] }).entries;

/** The audit log, newest first: filter by actor, action, target and time; export CSV or JSON. */
export function AuditPanel() {
  const [filter, setFilter] = useState<Filter>({});
  const { data: entries, error } = useSWR(`/api/admin/audit?${queryOf(filter, { limit: "500" })}`, fetchEntries, {
    refreshInterval: 10_000,
  });
  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setFilter(Object.fromEntries(FIELDS.map((k) => [k, String(f.get(k) ?? "")])));
  };
  return (
    <section className="flex flex-col gap-2">
      <h2 className="font-semibold">Audit log</h2>
      <form className="flex flex-wrap items-end gap-2" onSubmit={apply}>
        {(["actor", "action", "target"] as const).map((k) => (
          <input key={k} name={k} placeholder={k} aria-label={`Filter by ${k}`} className="rounded border px-1 dark:bg-zinc-900" />
        ))}
        <label className="flex items-center gap-1">
          from <input name="from" type="datetime-local" className="rounded border px-1 dark:bg-zinc-900" />
        </label>
        <label className="flex items-center gap-1">
          to <input name="to" type="datetime-local" className="rounded border px-1 dark:bg-zinc-900" />
        </label>
        <button type="submit" className="rounded border px-2 py-0.5">
          Filter
        </button>
        <a className="underline" href={apiUrl(`/api/admin/audit?${queryOf(filter, { format: "csv", limit: "100000" })}`)}>
          Export CSV
        </a>
        <a className="underline" href={apiUrl(`/api/admin/audit?${queryOf(filter, { format: "json", limit: "100000" })}`)}>
          Export JSON
        </a>
      </form>
      {error && <p className="text-red-700">Could not read the audit log.</p>}
      <table className="text-left text-xs">
        <thead>
          <tr className="text-zinc-500">
            {["When (UTC)", "Who", "Action", "Target", "Result", "Detail", "Address"].map((h) => (
              <th key={h} className="pr-3">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(entries ?? []).map((e) => (
            <tr key={e.id} className="align-top">
              <td className="pr-3 whitespace-nowrap tabular-nums"><time dateTime={formatTimestamp(e.at)}>{formatTimestamp(e.at)}</time></td>
              <td className="pr-3">{e.actor}</td>
              <td className="pr-3">{e.action}</td>
              <td className="pr-3 break-all">{e.target}</td>
              <td className="pr-3">{e.result}</td>
              <td className="pr-3 break-words">
                {formatDetail(e.detail).map((line, i) => (
                  <div key={i}>{line}</div>
                ))}
              </td>
              <td className="pr-3">{e.address}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
