import { describe, expect, it } from "vitest";
import { redactConfigText } from "./redact";

describe("redactConfigText", () => {
  it("masks values that may be secrets, in plain text and in diff lines, and keeps the rest", () => {
    const text = [
      "[program:web]",
      "environment=DB_PASSWORD=hunter2,A=1",
      "-password = hunter2",
      "+ api_token: abc",
      "startretries=3",
      " stopasgroup=true",
    ].join("\n");
    expect(redactConfigText(text)).toBe(
      ["[program:web]", "environment=••••••", "-password = ••••••", "+ api_token: ••••••", "startretries=3", " stopasgroup=true"].join("\n"),
    );
  });
});
