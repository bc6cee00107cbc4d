// Prints vitest's JSON report as one plain closing line: "tests: N passed, N failed[, N skipped]".
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log("tests: 0 passed, 1 failed (vitest wrote no report)");
  process.exit(0);
}
const r = JSON.parse(readFileSync(file, "utf8"));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
const failedSuites = (r.testResults ?? []).filter((s) => s.status === "failed" && !(s.assertionResults ?? []).length).length;
const failed = (r.numFailedTests ?? 0) + failedSuites;
console.log(`tests: ${r.numPassedTests ?? 0} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
