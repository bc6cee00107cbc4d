import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const layer = (files, patterns) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns }] },
});

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".next-subpath/**", "node_modules/**", "next-env.d.ts", "var/**", "bin/respawn.mjs"] },
  {
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      // Process names, descriptions and log lines are hostile input: they are only ever text.
      "react/no-danger": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  layer(
    ["components/**/*.{ts,tsx}"],
    [
      {
        group: ["@/lib/connectors/*/**", "@/lib/store/**", "@/lib/fleet/**", "@/lib/config/**"],
        message:
          "components/ is UI only: it talks to the server through lib/client hooks and the JSON API, never to connectors, the store or the monitor (ARCHITECTURE.md).",
      },
    ],
  ),
  layer(
    ["lib/connectors/**/*.ts"],
    [
      {
        group: ["@/lib/fleet/**", "@/lib/store/**", "@/lib/http/**", "@/app/**", "@/components/**"],
        message: "A connector only knows its backend: it may import lib/connectors/types.ts and lib/util, nothing above it.",
      },
    ],
  ),
  layer(
    ["lib/store/**/*.ts"],
    [
      {
        group: ["@/lib/connectors/**", "@/lib/fleet/**", "@/lib/http/**", "@/app/**", "@/components/**"],
        message: "The store is the bottom layer: it imports nothing of ours but lib/util.",
      },
    ],
  ),
];

export default config;
