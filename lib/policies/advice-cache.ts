import { decodeProcessId } from "@/lib/util/ids";
import { advisePolicy, type Advice, type Severity } from "./advisor";
import { runOnEndpoint } from "./connector-access";

/** What the overview needs per process: the rules that fired and how bad the worst is. */
export interface AdviceSummary {
  rules: string[];
  worst: Severity | null;
}

/** Policies change rarely and reading one costs the host calls: advice is kept this long. */
const TTL_MS = 120_000;
/** Uncached processes read per request, and the time spent per endpoint; the rest come on the overview's next refresh. */
const MAX_READS_PER_REQUEST = 200;
const ENDPOINT_BUDGET_MS = 8_000;

const slot = globalThis as typeof globalThis & { __respawnAdvice?: Map<string, { at: number; summary: AdviceSummary }> };
const cache = (slot.__respawnAdvice ??= new Map());

function summarize(advice: Advice[]): AdviceSummary {
  return { rules: advice.map((a) => a.rule), worst: advice[0]?.severity ?? null };
}

export function rememberAdvice(id: string, advice: Advice[]): void {
  cache.set(id, { at: Date.now(), summary: summarize(advice) });
}

export function forgetAdvice(id: string): void {
  cache.delete(id);
}

/** Advice per process id (cached; missing ones read one endpoint at a time, errors skipped). */
export async function listAdvice(ids: string[]): Promise<Record<string, AdviceSummary>> {
  const out: Record<string, AdviceSummary> = {};
  const byEndpoint = new Map<string, { hostId: string; manager: "supervisord" | "systemd"; items: Array<{ id: string; name: string }> }>();
  let budget = MAX_READS_PER_REQUEST;
  for (const id of ids) {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < TTL_MS) {
      out[id] = hit.summary;
      continue;
    }
    if (budget-- <= 0) continue;
    const ref = decodeProcessId(id);
    const key = `${ref.hostId}/${ref.manager}`;
    const group = byEndpoint.get(key) ?? { hostId: ref.hostId, manager: ref.manager, items: [] };
    group.items.push({ id, name: ref.name });
    byEndpoint.set(key, group);
  }
  await Promise.all(
    [...byEndpoint.values()].map((g) =>
      runOnEndpoint(g.hostId, g.manager, async (connector, signal) => {
        const until = Date.now() + ENDPOINT_BUDGET_MS;
        for (const item of g.items) {
          if (Date.now() > until) break;
          const policy = await connector.readPolicy(item.name, signal).catch(() => null);
          if (!policy) continue;
          rememberAdvice(item.id, advisePolicy(policy));
          out[item.id] = summarize(advisePolicy(policy));
        }
      }).catch(() => undefined),
    ),
  );
  return out;
}
