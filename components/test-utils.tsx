import { cleanup, render } from "@testing-library/react";
import type { ReactElement } from "react";
import { SWRConfig } from "swr";
import { afterEach, beforeEach, vi } from "vitest";

/** An EventSource that tests drive by hand: `emit` delivers a message, `fail` drops it. */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = 0;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  private listeners = new Map<string, ((e: Event) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (e: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  emit(data: unknown, event = "message") {
    const e = new MessageEvent(event, { data: JSON.stringify(data) });
    if (event === "message") this.onmessage?.(e);
    for (const fn of this.listeners.get(event) ?? []) fn(e);
  }
  fail() {
    for (const fn of this.listeners.get("error") ?? []) fn(new Event("error"));
  }
  static last(): FakeEventSource {
    const es = FakeEventSource.instances.at(-1);
    if (!es) throw new Error("no EventSource was opened");
    return es;
  }
}

type Route = (
  init: RequestInit | undefined,
  url: string,
) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;

/** Stubs fetch with handlers keyed by "METHOD path" (path without query); unknown calls 404. */
export function stubFetch(routes: Record<string, Route>) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fn = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? "GET";
    calls.push({
      method,
      url,
      body: init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined,
    });
    const route = routes[`${method} ${url.split("?")[0]}`];
    const answer = route
      ? await route(init, url)
      : { status: 404, body: { error: { code: "NOT_FOUND", message: "no route" } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
  });
  vi.stubGlobal("fetch", fn);
  return calls;
}

/** jsdom has no layout: give every element a size so the virtualiser draws rows. */
export function setupUiTest() {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal("EventSource", FakeEventSource);
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(900);
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1400);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
}

/** Renders with a fresh SWR cache, so no test sees another's answers. */
export function renderUi(ui: ReactElement) {
  return render(
    <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>{ui}</SWRConfig>,
  );
}
