/**
 * Every route and page of the app, found by walking app/: a route added later is covered by the
 * access tests without anyone listing it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const APP_DIR = fileURLToPath(new URL("../../app", import.meta.url));

export interface AppRoute {
  /** The URL with each [param] filled by a sample value. */
  url: string;
  kind: "api" | "page";
  /** Methods a route.ts exports (pages: GET). */
  methods: string[];
  file: string;
}

const SAMPLE: Record<string, string> = { id: "bG9jYWwAcwB3ZWI", token: "not-a-real-token-000000000000" };

function toUrl(dir: string): string {
  const parts = path
    .relative(APP_DIR, dir)
    .split(path.sep)
    .filter((p) => p && !/^\(.*\)$/.test(p) && !p.startsWith("@"))
    .map((p) => {
      const m = /^\[+\.{0,3}([^\]]+)\]+$/.exec(p);
      return m ? (SAMPLE[m[1]!] ?? `sample-${m[1]}`) : p;
    });
  return `/${parts.join("/")}`;
}

function exportedMethods(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const re = /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g;
  return [...new Set([...text.matchAll(re)].map((m) => m[1]!))];
}

/** Every route.ts and page.tsx under app/. */
export function listAppRoutes(dir = APP_DIR): AppRoute[] {
  const out: AppRoute[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      out.push(...listAppRoutes(full));
    } else if (name === "route.ts") {
      const url = toUrl(dir);
      out.push({ url, kind: url.startsWith("/api/") ? "api" : "page", methods: exportedMethods(full), file: full });
    } else if (name === "page.tsx") {
      out.push({ url: toUrl(dir), kind: "page", methods: ["GET"], file: full });
    }
  }
  return out;
}

export const isStateChanging = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method);
