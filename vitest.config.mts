import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root };

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ["default"],
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", environment: "node", include: ["lib/**/*.test.ts", "bin/**/*.test.ts", "cli/**/*.test.ts"] },
      },
      {
        resolve: { alias },
        test: { name: "components", environment: "jsdom", include: ["components/**/*.test.tsx"] },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          environment: "node",
          include: ["test/integration/**/*.test.ts"],
          // Real services (supervisord, the user manager, sshd) are shared by the machine: one file at a time,
          // and after the fast projects, so a test that restarts the user bus never races a browser test.
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "faults",
          environment: "node",
          include: ["test/faults/**/*.test.ts"],
          // The built dashboard against real and hostile hosts: one file at a time, after the fast projects.
          sequence: { groupOrder: 2 },
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          sequence: { groupOrder: 2 },
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "security",
          environment: "node",
          include: ["test/security/**/*.test.ts"],
          // The built dashboard, real supervisord, systemd and Chromium: one file at a time, after the fast projects.
          sequence: { groupOrder: 2 },
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
