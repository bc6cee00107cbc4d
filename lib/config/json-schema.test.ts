import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configJsonSchema } from "./json-schema";

const ROOT = path.resolve(__dirname, "../..");

describe("docs/config.schema.json", () => {
  it("is what the zod schema generates now", () => {
    const committed = readFileSync(path.join(ROOT, "docs", "config.schema.json"), "utf8");
    expect(committed, "run `npm run config-schema` and commit docs/config.schema.json").toBe(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  });

  it("knows every top-level key of the example configuration and refuses unknown ones", () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown>; additionalProperties?: unknown };
    const example = parse(readFileSync(path.join(ROOT, "respawn.example.yaml"), "utf8")) as Record<string, unknown>;
    for (const key of Object.keys(example)) expect(Object.keys(schema.properties), key).toContain(key);
    expect(schema.additionalProperties).toBe(false);
  });
});
