import { describe, expect, it } from "vitest";
import { buildRows, countStates, type TableQuery } from "@/lib/client/table-model";
import { makeProcess } from "@/lib/client/test-data";

const fleet = [
  makeProcess("a", { name: "web:web-0", group: "web", pid: 30, since: 3000 }),
  makeProcess("b", { name: "web:web-1", group: "web", state: "gave-up", pid: null, since: 1000 }),
  makeProcess("c", { name: "worker", pid: 10, description: "Queue <b>worker</b>", since: 2000 }),
  makeProcess("d", {
    name: "nginx.service",
    hostId: "db-1",
    hostName: "DB 1",
    manager: "systemd",
    state: "crashed",
    pid: null,
  }),
];

const query = (over: Partial<TableQuery> = {}): TableQuery => ({
  text: "",
  states: new Set(),
  groupBy: "none",
  sort: { key: "name", dir: "asc" },
  collapsed: new Set(),
  ...over,
});
const names = (q: TableQuery) =>
  buildRows(fleet, q).map((r) => (r.kind === "group" ? `[${r.label}]` : r.process.name));

describe("buildRows", () => {
  it("filters by every word of the text, across host, name and description", () => {
    expect(names(query({ text: "queue" }))).toEqual(["worker"]);
    expect(names(query({ text: "db nginx" }))).toEqual(["nginx.service"]);
    expect(names(query({ text: "WEB:WEB-1" }))).toEqual(["web:web-1"]);
    expect(names(query({ text: "web gave" }))).toEqual(["web:web-1"]);
  });

  it("filters by state", () => {
    expect(names(query({ states: new Set(["gave-up", "crashed"]) }))).toEqual([
      "nginx.service",
      "web:web-1",
    ]);
  });

  it("sorts by a column in both directions, unknown values last", () => {
    expect(names(query({ sort: { key: "pid", dir: "asc" } }))).toEqual([
      "worker",
      "web:web-0",
      "nginx.service",
      "web:web-1",
    ]);
    expect(names(query({ sort: { key: "pid", dir: "desc" } }))).toEqual([
      "web:web-0",
      "worker",
      "nginx.service",
      "web:web-1",
    ]);
    expect(names(query({ sort: { key: "state", dir: "asc" } }))[0]).toBe("web:web-1");
  });

  it("groups by host and by group, with counts and actions only on real groups", () => {
    expect(names(query({ groupBy: "host" }))).toEqual([
      "[DB 1]",
      "nginx.service",
      "[Web 1]",
      "web:web-0",
      "web:web-1",
      "worker",
    ]);
    const rows = buildRows(fleet, query({ groupBy: "group" }));
    const web = rows.find((r) => r.kind === "group" && r.label === "web");
    expect(web).toMatchObject({
      ids: ["a", "b"],
      counts: { running: 1, "gave-up": 1 },
      actionable: true,
    });
    const loose = rows.filter((r) => r.kind === "group" && !r.actionable);
    expect(loose.length).toBe(2);
  });

  it("hides the members of a collapsed group but keeps its header", () => {
    expect(names(query({ groupBy: "group", collapsed: new Set(["g:web-1:web"]) }))).toEqual([
      "[(no group)]",
      "nginx.service",
      "[(no group)]",
      "worker",
      "[web]",
    ]);
  });
});

describe("countStates", () => {
  it("counts every state, zero included", () => {
    expect(countStates(fleet)).toMatchObject({ running: 2, "gave-up": 1, crashed: 1, stopped: 0 });
  });
});
