/**
 * npx tsx bench/big-reply.ts — a valid 31 MiB supervisord reply (under the 32 MiB cap) from a
 * fake server, decoded the old way (whole body, then one synchronous parse) and by the transport
 * (incremental, sliced). Each run is a fresh process: peak RSS added and the event loop's longest
 * stall while the reply arrives and decodes. Appends a table to docs/BENCHMARKS.md.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createXmlRpcTransport } from "../lib/connectors/supervisord/transport";
import { decodeMethodResponse as legacyDecode } from "./legacy-xml-codec";
import { machine, median } from "./measure";

const MIB = 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function bigReply(mib: number): Buffer {
  const xml = readFileSync(path.join(__dirname, "../lib/connectors/supervisord/fixtures/get-all-process-info.xml"), "utf8");
  const a = xml.indexOf("<data>") + 6;
  const b = xml.lastIndexOf("</data>");
  const inner = xml.slice(a, b);
  const body = xml.slice(0, a) + inner.repeat(Math.floor((mib * MIB - xml.length) / inner.length)) + xml.slice(b);
  return Buffer.from(body);
}

async function once(mode: "legacy" | "incremental"): Promise<{ rssMiB: number; maxStallMs: number; totalMs: number }> {
  const reply = bigReply(31);
  const server = http.createServer((_q, res) => {
    res.writeHead(200, { "Content-Type": "text/xml", "Content-Length": reply.length });
    res.end(reply);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`;
  const rssBefore = process.memoryUsage().rss;
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const started = performance.now();
  if (mode === "incremental") {
    const t = createXmlRpcTransport({ hostId: "bench", url, timeoutMs: 120_000, maxResponseBytes: 32 * MIB });
    await t.call("supervisor.getAllProcessInfo", [], AbortSignal.timeout(120_000));
  } else {
    const body = await new Promise<string>((resolve) => {
      http.get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      });
    });
    legacyDecode(body);
  }
  const totalMs = performance.now() - started;
  // The histogram records a stall when its timer finally runs: give it that turn.
  await new Promise((r) => setTimeout(r, 50));
  h.disable();
  server.close();
  const peak = process.resourceUsage().maxRSS * 1024;
  return { rssMiB: (peak - rssBefore) / MIB, maxStallMs: h.max / 1e6, totalMs };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === "legacy" || mode === "incremental") {
    process.stdout.write(JSON.stringify(await once(mode)));
    return;
  }
  const results: Record<string, { rssMiB: number; maxStallMs: number; totalMs: number }[]> = { legacy: [], incremental: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const m of ["legacy", "incremental"] as const) {
      const out = execFileSync(process.execPath, ["--import", "tsx", __filename, m], { encoding: "utf8", maxBuffer: 1 << 20 });
      results[m]!.push(JSON.parse(out) as { rssMiB: number; maxStallMs: number; totalMs: number });
    }
  }
  const med = (m: string, k: "rssMiB" | "maxStallMs" | "totalMs") => Math.round(median(results[m]!.map((r) => r[k])) * 10) / 10;
  const ratio = (k: "rssMiB" | "maxStallMs" | "totalMs") => Math.round((med("legacy", k) / med("incremental", k)) * 10) / 10;
  const table = [
    "",
    `## A valid 31 MiB supervisord reply (fake server, under the 32 MiB cap) — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    "",
    `${machine()}. Medians of ${RUNS} runs, each in a fresh process (\`npx tsx bench/big-reply.ts\`). "Longest stall" is the`,
    "event loop's longest delay while the reply arrived and was decoded (what /livez and every other host wait behind).",
    "",
    "| | whole body, then one parse (before) | incremental, sliced (now) | before / now |",
    "|---|---:|---:|---:|",
    `| peak RSS added, MiB | ${med("legacy", "rssMiB")} | ${med("incremental", "rssMiB")} | ${ratio("rssMiB")} |`,
    `| longest event-loop stall, ms | ${med("legacy", "maxStallMs")} | ${med("incremental", "maxStallMs")} | ${ratio("maxStallMs")} |`,
    `| call to value, ms | ${med("legacy", "totalMs")} | ${med("incremental", "totalMs")} | ${ratio("totalMs")} |`,
    "",
  ].join("\n");
  process.stdout.write(table);
  if (process.env.BENCH_WRITE !== "0") appendFileSync(path.join(__dirname, "../docs/BENCHMARKS.md"), table);
}

void main();
