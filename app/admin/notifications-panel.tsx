"use client";

import { useState } from "react";
import useSWR from "swr";
import { apiFetch } from "@/lib/client/api";
import { sendJson } from "./send-json";

interface Delivery {
  id: number;
  channelId: string;
  channelKind: string;
  eventKind: string;
  hostId: string;
  processName: string | null;
  title: string;
  test: boolean;
  status: "sending" | "retrying" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
}
interface Answer {
  channels: Array<{ id: string; kind: string }>;
  deliveries: Delivery[];
}

const fetchLog = async (url: string) => (await (await apiFetch(url)).json()) as Answer;
const STATUS_STYLE: Record<Delivery["status"], string> = {
  sending: "text-gray-600 dark:text-gray-300",
  retrying: "text-amber-700 dark:text-amber-400",
  sent: "text-green-700 dark:text-green-400",
  failed: "text-red-700 dark:text-red-400",
};

function statusText(d: Delivery): string {
  if (d.status === "retrying" && d.nextAttemptAt) return `retrying (attempt ${d.attempts + 1} at ${new Date(d.nextAttemptAt).toLocaleTimeString()})`;
  return d.attempts > 1 || d.status === "failed" ? `${d.status} after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}` : d.status;
}

/** Notification channels with a test button each, and the delivery log (sent / retrying / failed). */
export function NotificationsPanel() {
  const { data, mutate } = useSWR("/api/admin/notifications", fetchLog, { refreshInterval: 2_000 });
  const [message, setMessage] = useState("");
  const test = async (channel: string) => {
    const error = await sendJson("/api/admin/notifications/test", "POST", { channel });
    setMessage(error ?? `test sent to ${channel}: see the log below`);
    await mutate();
  };
  return (
    <section className="flex flex-col gap-3" aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="font-semibold">
        Notifications
      </h2>
      {data && data.channels.length === 0 && <p className="text-sm">No channels configured (notifications in config.yaml; docs/CONFIG.md).</p>}
      <ul className="flex flex-wrap gap-2">
        {data?.channels.map((c) => (
          <li key={c.id} className="flex items-center gap-2 rounded border border-gray-300 px-2 py-1 text-sm dark:border-gray-600">
            <span>
              {c.id} <span className="text-gray-500">({c.kind})</span>
            </span>
            <button type="button" className="rounded border border-gray-400 px-2 hover:bg-gray-100 dark:hover:bg-gray-800" onClick={() => void test(c.id)}>
              Send test
            </button>
          </li>
        ))}
      </ul>
      <p role="status" className="text-sm">
        {message}
      </p>
      {/* Narrow screens: one block per delivery instead of a six-column table. */}
      <ul className="flex flex-col gap-2 text-sm md:hidden">
        {data?.deliveries.map((d) => (
          <li key={d.id} className="border-t border-gray-200 pt-2 dark:border-gray-700">
            <div className="flex justify-between gap-2">
              <span className="font-medium">{d.channelId}</span>
              <span className={STATUS_STYLE[d.status]}>{statusText(d)}</span>
            </div>
            <div>
              {d.test ? "test" : d.eventKind}: {d.title}
            </div>
            <div className="text-gray-500">{new Date(d.createdAt).toLocaleString()}</div>
            {d.lastError && <div className="break-all">{d.lastError}</div>}
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th className="pr-3">When</th>
              <th className="pr-3">Channel</th>
              <th className="pr-3">Event</th>
              <th className="pr-3">What</th>
              <th className="pr-3">Delivery</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {data?.deliveries.map((d) => (
              <tr key={d.id} className="border-t border-gray-200 align-top dark:border-gray-700">
                <td className="pr-3 whitespace-nowrap">{new Date(d.createdAt).toLocaleString()}</td>
                <td className="pr-3">{d.channelId}</td>
                <td className="pr-3">{d.test ? "test" : d.eventKind}</td>
                <td className="pr-3">{d.title}</td>
                <td className={`pr-3 ${STATUS_STYLE[d.status]}`}>{statusText(d)}</td>
                <td className="break-all">{d.lastError ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.deliveries.length === 0 && <p className="text-sm">Nothing sent yet.</p>}
      </div>
    </section>
  );
}
