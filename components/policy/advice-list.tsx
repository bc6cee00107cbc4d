import { Button } from "@/components/button";
import type { Advice, PolicyChange } from "./policy-api";

const SEVERITY: Record<Advice["severity"], string> = {
  high: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200",
  medium: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200",
  low: "border-zinc-300 bg-zinc-50 text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200",
};

/** The advisor's findings, worst first; each fix opens the editor with the change filled in. */
export function AdviceList({ advice, canFix, onFix }: { advice: Advice[]; canFix: boolean; onFix(change: PolicyChange): void }) {
  if (advice.length === 0) return <p className="text-sm text-zinc-500">No advice: this policy follows the practices Respawn checks.</p>;
  return (
    <ul aria-label="Advice" className="space-y-2">
      {advice.map((a) => (
        <li key={a.rule} data-rule={a.rule} className={`rounded border p-2 text-sm ${SEVERITY[a.severity]}`}>
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-xs font-semibold uppercase">{a.severity}</span>
            <span className="font-medium">{a.title}</span>
            {a.fix && canFix && (
              <Button size="sm" onClick={() => onFix(a.fix ?? {})}>
                Fix…
              </Button>
            )}
          </div>
          <p className="mt-1">{a.explanation}</p>
        </li>
      ))}
    </ul>
  );
}
