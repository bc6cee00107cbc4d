import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createMetrics } from "./registry";

const DASHBOARD = path.resolve(__dirname, "../../deploy/grafana-dashboard.json");

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}

const exprs = () => (JSON.parse(readFileSync(DASHBOARD, "utf8")) as { panels: Panel[] }).panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr.replaceAll("$instance", ".*") })));

describe("deploy/grafana-dashboard.json", () => {
  it("has only queries promtool parses", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "respawn-grafana-"));
    try {
      const rules = { groups: [{ name: "dashboard", rules: exprs().map((e, i) => ({ record: `respawn:panel_${i}`, expr: e.expr })) }] };
      writeFileSync(path.join(dir, "rules.yaml"), stringify(rules));
      expect(execFileSync("promtool", ["check", "rules", path.join(dir, "rules.yaml")], { encoding: "utf8" })).toMatch(/SUCCESS: \d+ rules found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("asks only for metrics this build exposes", async () => {
    const m = createMetrics();
    m.watchFleet(() => null);
    const families = new Set((await m.registry.getMetricsAsJSON()).map((f) => f.name));
    const names = (expr: string) => [...expr.matchAll(/\b((?:respawn|process|nodejs)_[a-z0-9_]+)\b/g)].map((x) => x[1]!.replace(/_(bucket|sum|count)$/, ""));
    for (const { panel, expr } of exprs()) {
      for (const name of names(expr)) expect(families.has(name), `${panel}: ${name}`).toBe(true);
    }
  });
});
