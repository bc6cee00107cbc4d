"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { requestJson } from "@/lib/client/api";

/** Resolves an open incident or reopens a resolved one. */
export function IncidentStatusButton({ id, status }: { id: number; status: "open" | "resolved" }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const next = status === "open" ? "resolved" : "open";
  const change = async () => {
    try {
      await requestJson(`/api/incidents/${id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ status: next }),
      });
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <span>
      <Button onClick={() => void change()}>{status === "open" ? "Resolve" : "Reopen"}</Button>
      {error ? <span role="alert" className="ml-2 text-red-700">{error}</span> : null}
    </span>
  );
}
