/**
 * Writes docs/config.schema.json, the JSON Schema of the configuration file generated from its
 * zod schema, for editors (yaml-language-server, VS Code) to complete and check config.yaml.
 *   npm run config-schema
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { configJsonSchema } from "../lib/config/json-schema";

const file = path.resolve(__dirname, "..", "docs", "config.schema.json");
writeFileSync(file, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file}`);
