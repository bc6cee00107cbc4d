import { z } from "zod";
import { RespawnConfig } from "./schema";

/**
 * The configuration's JSON Schema, as a file is written (the input side: fields with defaults
 * are optional). Checks zod cannot express in JSON Schema (cross-field rules) stay with the server
 * and `respawn config check`.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RespawnConfig, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  return { ...schema, title: "Respawn configuration (config.yaml)" };
}
