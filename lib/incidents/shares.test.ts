import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "@/lib/store/open-store";
import { saveIncident } from "./incidents";
import { createShareLink, hashShareToken, listShareLinks, openShareToken, revokeShareLink } from "./shares";
import type { IncidentSnapshot } from "./types";

let store: Store;
let incidentId: number;

const snapshot: IncidentSnapshot = {
  version: 1,
  capturedAt: 1_000,
  process: { id: "p", hostId: "box", manager: "supervisord", name: "web", state: "gave-up", rawState: "FATAL", description: "", since: null, exitStatus: 1, exitSignal: null, spawnError: null, restarts: null },
  streams: [{ stream: "stdout", lines: [{ n: 1, text: "hello", ts: null, priority: null }], truncated: false, error: null }],
  exits: [],
  timeline: [],
  policy: { source: "details", values: {} },
  highlight: null,
  redactions: 0,
};

beforeEach(() => {
  store = openStore(":memory:");
  incidentId = saveIncident(store.db, { kind: "manual", title: "t", comment: null, createdBy: "op", info: snapshot.process, snapshot });
});
afterEach(() => store.close());

const create = (expiry: "1h" | "never", isAdmin = false, now = 10_000) =>
  createShareLink(store.db, { incidentId, expiry, access: "anyone", actor: "op", isAdmin }, now);

describe("share links", () => {
  it("hands out a 256-bit base64url token once and stores only its SHA-256", () => {
    const a = create("1h");
    const b = create("1h");
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    const rows = store.db.prepare("SELECT * FROM shares").all() as Array<Record<string, unknown>>;
    expect(JSON.stringify(rows)).not.toContain(a.token);
    expect(rows.map((r) => r.token_hash)).toContain(hashShareToken(a.token));
    expect(JSON.stringify(listShareLinks(store.db, incidentId))).not.toContain(hashShareToken(a.token));
  });

  it("opens the incident until it expires or is revoked, then opens nothing", () => {
    const { token, share } = create("1h", false, 10_000);
    expect(openShareToken(store.db, token, 10_001)?.incident.id).toBe(incidentId);
    expect(openShareToken(store.db, token, 10_000 + 3_600_000)).toBeNull();
    const other = create("1h", false, 10_000);
    revokeShareLink(store.db, incidentId, other.share.id, "op", 10_002);
    expect(openShareToken(store.db, other.token, 10_003)).toBeNull();
    expect(listShareLinks(store.db, incidentId, 10_000 + 3_600_000).map((s) => s.status).sort()).toEqual(["expired", "revoked"]);
    expect(share.expiresAt).toBe(10_000 + 3_600_000);
  });

  it("opens nothing for guessed, malformed and oversize tokens", () => {
    const { token } = create("1h");
    for (const t of ["", "x".repeat(43), token.slice(0, -1), `${token}A`, "a".repeat(10_000), "../../etc/passwd", token.replace(/./, "+")]) {
      expect(openShareToken(store.db, t, 10_001)).toBeNull();
    }
  });

  it("lets only an admin create a link that never expires", () => {
    expect(() => create("never")).toThrow(/admin/);
    expect(create("never", true).share.expiresAt).toBeNull();
  });
});
