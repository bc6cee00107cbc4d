import { describe, expect, it } from "vitest";
import { auditToCsv } from "./export";

describe("auditToCsv", () => {
  it("quotes commas, quotes and newlines, and defuses cells a spreadsheet would run as formulas", () => {
    const csv = auditToCsv([
      { id: 1, at: 0, actor: "=cmd|' /C calc'!A0", action: "process.stop", target: 'a,"b"\nc', result: "ok", detail: null, address: "@x" },
    ]);
    const [header, row] = csv.trimEnd().split("\r\n");
    expect(header).toBe("id,at,actor,action,target,result,detail,address");
    expect(row).toBe(`1,1970-01-01T00:00:00.000Z,'=cmd|' /C calc'!A0,process.stop,"a,""b""\nc",ok,,'@x`);
  });
});
