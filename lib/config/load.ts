import { existsSync, readFileSync } from "node:fs";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { z } from "zod";
import { RespawnError } from "@/lib/util/errors";
import { RespawnConfig } from "./schema";

/** Where the configuration is read from when RESPAWN_CONFIG is not set. */
export const DEFAULT_CONFIG_PATH = "/etc/respawn/config.yaml";

/** Usual places of a local supervisord's unix socket, tried in order when there is no config. */
export const DEFAULT_SUPERVISOR_SOCKETS = [
  "/var/run/supervisor.sock",
  "/run/supervisor.sock",
  "/var/run/supervisord.sock",
  "/tmp/supervisor.sock",
];

export interface LoadedConfig {
  config: RespawnConfig;
  /** The file it came from, or null when defaults were used. */
  path: string | null;
}

/** Loads and validates the configuration; throws INVALID naming file, line and field. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = env.RESPAWN_CONFIG || DEFAULT_CONFIG_PATH;
  if (!existsSync(/*turbopackIgnore: true*/ path)) {
    if (env.RESPAWN_CONFIG) {
      throw new RespawnError("INVALID", `${path}: configuration file not found (RESPAWN_CONFIG)`);
    }
    return { config: defaultConfig(), path: null };
  }
  return { config: parseConfigText(readFileSync(/*turbopackIgnore: true*/ path, "utf8"), path), path };
}

/** With no configuration at all: the local supervisord socket at its usual paths, if one exists. */
export function defaultConfig(): RespawnConfig {
  const socket = DEFAULT_SUPERVISOR_SOCKETS.find((p) => existsSync(/*turbopackIgnore: true*/ p));
  return RespawnConfig.parse({
    hosts: socket ? [{ id: "local", name: "localhost", supervisord: { socket } }] : [],
  });
}

/** Parses YAML (or JSON, which is YAML) text; errors carry `file:line: field: reason`. */
export function parseConfigText(text: string, file: string): RespawnConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? lineCounter.linePos(syntax.pos[0]).line;
    throw new RespawnError("INVALID", `${file}:${line}: ${syntax.message.split("\n")[0]}`);
  }
  const result = RespawnConfig.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  throw new RespawnError("INVALID", formatIssues(result.error.issues, doc.contents, lineCounter, file));
}

function formatIssues(
  issues: z.core.$ZodIssue[],
  root: Node | null,
  lines: LineCounter,
  file: string,
): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String);
      const node = nodeAt(root, path);
      const line = node?.range ? lines.linePos(node.range[0]).line : 1;
      const field = path.length ? path.join(".") : "(top level)";
      return `${file}:${line}: ${field}: ${issue.message}`;
    })
    .join("\n");
}

/** The deepest YAML node along a path, so an error points at the closest line that exists. */
function nodeAt(root: Node | null, path: string[]): Node | null {
  let node: Node | null = root;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value) === key);
      if (!pair) return node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node)) {
      const item = node.items[Number(key)] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}
