import Link from "next/link";
import type { IncidentSummary } from "@/lib/incidents/types";

const time = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";

export interface IncidentListFilter {
  status?: "open" | "resolved";
  host?: string;
  process?: string;
}

function filterHref(f: IncidentListFilter): string {
  const q = new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === "string"));
  const s = q.toString();
  return s ? `/incidents?${s}` : "/incidents";
}

/** The incidents table: newest first, filterable by status, host and process through the URL. */
export function IncidentList({ incidents, filter }: { incidents: IncidentSummary[]; filter: IncidentListFilter }) {
  return (
    <div className="space-y-3">
      <nav aria-label="Filter" className="flex flex-wrap gap-2">
        {([undefined, "open", "resolved"] as const).map((status) => (
          <Link
            key={status ?? "all"}
            href={filterHref({ ...filter, status })}
            aria-current={filter.status === status ? "page" : undefined}
            className={`rounded border px-2 py-0.5 ${filter.status === status ? "border-blue-600 font-semibold" : "border-zinc-300 dark:border-zinc-700"}`}
          >
            {status ?? "all"}
          </Link>
        ))}
        {filter.host || filter.process ? (
          <Link href={filterHref({ status: filter.status })} className="px-2 py-0.5 text-blue-700 hover:underline dark:text-blue-400">
            clear host / process filter
          </Link>
        ) : null}
      </nav>
      {incidents.length === 0 ? <p className="text-zinc-500">No incidents.</p> : null}
      <table className="w-full text-left">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-1 pr-3">Opened</th>
            <th className="pr-3">Status</th>
            <th className="pr-3">Host</th>
            <th className="pr-3">Process</th>
            <th className="pr-3">Incident</th>
            <th className="pr-3">Lines</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1 pr-3 whitespace-nowrap">{time(i.openedAt)}</td>
              <td className={`pr-3 ${i.status === "open" ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-500"}`}>{i.status}</td>
              <td className="pr-3">
                <Link href={filterHref({ ...filter, host: i.hostId })} className="hover:underline">
                  {i.hostId}
                </Link>
              </td>
              <td className="pr-3">
                <Link href={filterHref({ ...filter, process: i.processId })} className="hover:underline">
                  {i.processName}
                </Link>
              </td>
              <td className="pr-3">
                <Link href={`/incidents/${i.id}`} className="text-blue-700 hover:underline dark:text-blue-400">
                  {i.title}
                </Link>
                <span className="ml-2 text-zinc-500">{i.kind === "manual" ? `by ${i.createdBy ?? "?"}` : i.kind}</span>
              </td>
              <td className="pr-3">{i.lineCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
