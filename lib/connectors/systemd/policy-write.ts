import type { PolicyApplyOptions, ProcessPolicy } from "@/lib/connectors/policy";
import { toRespawnError } from "@/lib/util/errors";
import { describeJobFailure, runJob } from "./control";
import type { UnitFiles } from "./policy-files";
import type { Link } from "./session";

export interface ApplyStep {
  link: Link;
  hostId: string;
  timeoutMs: number;
  signal: AbortSignal;
  name: string;
  files: UnitFiles;
  file: string;
  /** The drop-in's text now (null: none) and the text to write (null: remove it). */
  before: string | null;
  after: string | null;
  readBack(): Promise<ProcessPolicy>;
}

export interface StepOutcome {
  ok: boolean;
  message: string;
  rolledBack: boolean;
  policy: ProcessPolicy | null;
}

/** daemon-reload can take a while on a big host: wait longer than a plain call. */
const RELOAD_TIMEOUT_MS = 60_000;
const BAD_LOAD_STATES = ["bad-setting", "error"];

async function reload(step: ApplyStep): Promise<void> {
  await step.link.bus.call(
    {
      destination: "org.freedesktop.systemd1",
      path: "/org/freedesktop/systemd1",
      interface: "org.freedesktop.systemd1.Manager",
      member: "Reload",
      signature: "",
      body: [],
    },
    { timeoutMs: Math.max(step.timeoutMs, RELOAD_TIMEOUT_MS), signal: step.signal },
  );
}

/** Settings Respawn wrote that another file (a later drop-in) still overrides. */
function overridden(policy: ProcessPolicy, file: string): string[] {
  return policy.settings
    .filter((s) => policy.owned[s.key] !== null && policy.owned[s.key] !== undefined && s.source && !s.source.startsWith(`${file}:`))
    .map((s) => `${s.key} (set by ${s.source})`);
}

async function rollBack(step: ApplyStep, why: string): Promise<StepOutcome> {
  await step.files.write(step.file, step.before);
  await reload(step);
  const policy = await step.readBack().catch(() => null);
  return { ok: false, rolledBack: true, policy, message: `systemd refused the change (${why}); the previous drop-in was put back` };
}

/** Writes the drop-in, reloads systemd, reads back; a refused reload or a bad unit puts the old file back. */
export async function writeDropIn(step: ApplyStep, options: PolicyApplyOptions): Promise<StepOutcome> {
  await step.files.write(step.file, step.after);
  try {
    await reload(step);
  } catch (e) {
    return rollBack(step, toRespawnError(e, "FAULT", step.hostId).message);
  }
  let policy = await step.readBack();
  const load = String(policy.facts.loadState);
  if (BAD_LOAD_STATES.includes(load)) return rollBack(step, `the unit's load state became ${load}`);
  const notes: string[] = ["applied; systemd reloaded"];
  const shadowed = overridden(policy, step.file);
  if (shadowed.length > 0) notes.push(`still overridden: ${shadowed.join(", ")}`);
  if (options.resetAndStart) {
    const outcome = await runJob(step.link, step.name, "reset-and-start", {
      timeoutMs: step.timeoutMs,
      jobDeadlineMs: Math.max(30_000, step.timeoutMs * 6),
      signal: step.signal,
    });
    const done = "result" in outcome && outcome.result === "done";
    policy = await step.readBack();
    notes.push(done ? "reset and started" : describeJobFailure(outcome, false, String(policy.facts.result ?? "")));
    if (!done) return { ok: false, rolledBack: false, policy, message: notes.join("; ") };
  }
  return { ok: true, rolledBack: false, policy, message: notes.join("; ") };
}

