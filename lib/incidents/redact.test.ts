import { describe, expect, it } from "vitest";
import { REDACTED, redactLines, redactText } from "./redact";

describe("redactText", () => {
  it.each([
    ["connecting to postgres://app:s3cr3t-pw@db.internal:5432/app", "postgres://app:[redacted]@db.internal:5432/app", "s3cr3t-pw"],
    ["login password=hunter2 user=bob", "password=[redacted] user=bob", "hunter2"],
    ["DB_PASSWORD: 'p@ss w'", "DB_PASSWORD: '[redacted]", "p@ss"],
    ['{"api_key": "AKIA1234567890", "region": "eu"}', '"api_key": "[redacted]"', "AKIA1234567890"],
    ["GET /x?token=abcdef123&page=2", "token=[redacted]&page=2", "abcdef123"],
    ["client_secret=zzz111", "client_secret=[redacted]", "zzz111"],
    ["Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig", "Authorization: Bearer [redacted]", "eyJhbGciOi"],
    ["Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic [redacted]", "dXNlcjpwYXNz"],
    ["sent header bearer abcdefghijkl", "bearer [redacted]", "abcdefghijkl"],
    ["--secret=topsecretvalue", "--secret=[redacted]", "topsecretvalue"],
  ])("redacts %s", (input, expected, secret) => {
    const r = redactText(input);
    expect(r.text).toContain(expected);
    expect(r.text).not.toContain(secret);
    expect(r.count).toBeGreaterThan(0);
  });

  it("leaves ordinary lines alone", () => {
    for (const line of ["worker 3 started on port 8080", "GET /health 200 3ms", "retrying in 5s (try 2 of 3)"]) {
      expect(redactText(line)).toEqual({ text: line, count: 0 });
    }
  });

  it("does not redact an already redacted value twice", () => {
    const once = redactText("password=hunter2").text;
    expect(redactText(once)).toEqual({ text: once, count: 0 });
  });
});

describe("redactLines", () => {
  it("replaces a private key spread over lines, from BEGIN to END", () => {
    const r = redactLines([
      "loading key",
      "-----BEGIN RSA PRIVATE KEY-----",
      "MIIEowIBAAKCAQEAx",
      "abcdEFGH",
      "-----END RSA PRIVATE KEY-----",
      "done",
    ]);
    expect(r.lines).toEqual(["loading key", `${REDACTED} (private key)`, REDACTED, REDACTED, REDACTED, "done"]);
    expect(r.count).toBe(1);
  });

  it("replaces a key on one line, and a key cut by the end of the capture", () => {
    expect(redactLines(["k=-----BEGIN PRIVATE KEY-----MIIB-----END PRIVATE KEY----- ok"]).lines[0]).toBe(
      `k=${REDACTED} (private key) ok`,
    );
    expect(redactLines(["-----BEGIN OPENSSH PRIVATE KEY-----", "b3BlbnNzaC1rZXk"]).lines).toEqual([
      `${REDACTED} (private key)`,
      REDACTED,
    ]);
  });
});
