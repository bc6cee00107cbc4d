import { ExponentialBackoff, handleWhen, retry } from "cockatiel";
import type { Db } from "@/lib/store/open-store";
import { insertDelivery, updateDelivery } from "@/lib/store/notifications";
import { RespawnError } from "@/lib/util/errors";
import { createChannel } from "./channels";
import type { NotificationsConfig } from "./config";
import { routeEvent } from "./routing";
import { DeliveryError, type Channel, type NotificationEvent } from "./types";

export interface NotifierOptions {
  db: Db;
  config: NotificationsConfig;
  /** Built from the configuration when absent. */
  channels?: Channel[];
  /** Told of each delivery's end (metrics). */
  onDone?: (channelKind: string, outcome: "sent" | "failed") => void;
  now?: () => number;
}

export interface Notifier {
  /** Routes the event and delivers it to each channel with retries; resolves with the delivery ids once all ended. */
  notify(event: NotificationEvent): Promise<number[]>;
  /** Sends a test event to one channel (routing ignored): its delivery id at once, `done` once it ended. */
  test(channelId: string, by: string): { id: number; done: Promise<void> };
  /** Channel ids and kinds, for the admin page. */
  channels(): Array<{ id: string; kind: string }>;
}

/** Delivers notifications: one logged delivery per (event, channel), retried with exponential backoff. */
export function createNotifier(o: NotifierOptions): Notifier {
  const now = o.now ?? Date.now;
  const channels = new Map((o.channels ?? o.config.channels.map((c) => createChannel(c))).map((c) => [c.id, c]));
  const timeouts = new Map(o.config.channels.map((c) => [c.id, c.timeoutMs]));
  const deliver = (channel: Channel, e: NotificationEvent) =>
    startDelivery({ db: o.db, channel, event: e, retry: o.config.retry, timeoutMs: timeouts.get(channel.id) ?? 10_000, now, onDone: o.onDone });
  return {
    async notify(e) {
      const targets = routeEvent(o.config.routes, e).flatMap((id) => channels.get(id) ?? []);
      return Promise.all(targets.map(async (c) => {
        const d = deliver(c, e);
        await d.done;
        return d.id;
      }));
    },
    test(channelId, by) {
      const channel = channels.get(channelId);
      if (!channel) throw new RespawnError("NOT_FOUND", `no notification channel "${channelId}"`);
      const e: NotificationEvent = { kind: "recovered", hostId: "-", manager: "supervisord", title: `test notification sent by ${by}`, at: now(), test: true };
      return deliver(channel, e);
    },
    channels: () => [...channels.values()].map((c) => ({ id: c.id, kind: c.kind })),
  };
}

interface DeliverArgs {
  db: Db;
  channel: Channel;
  event: NotificationEvent;
  retry: NotificationsConfig["retry"];
  timeoutMs: number;
  now: () => number;
  onDone?: NotifierOptions["onDone"];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/** One delivery: logged as sending at once, then retrying (with the error and when next), then sent or failed. */
function startDelivery(a: DeliverArgs): { id: number; done: Promise<void> } {
  const { db, channel, event: e, now } = a;
  const id = insertDelivery(
    db,
    { channelId: channel.id, channelKind: channel.kind, eventKind: e.kind, hostId: e.hostId, manager: e.manager, processName: e.processName ?? null, title: e.title, test: Boolean(e.test) },
    now(),
  );
  return { id, done: attempt(a, id) };
}

async function attempt(a: DeliverArgs, id: number): Promise<void> {
  const { db, channel, event: e, now } = a;
  const policy = retry(
    handleWhen((err) => !(err instanceof DeliveryError) || err.retryable),
    { maxAttempts: a.retry.attempts - 1, backoff: new ExponentialBackoff({ initialDelay: a.retry.initialDelayMs, maxDelay: a.retry.maxDelayMs }) },
  );
  let attempts = 0;
  policy.onRetry(({ delay, ...reason }) => {
    const error = "error" in reason ? errorText(reason.error) : "no answer";
    updateDelivery(db, id, { status: "retrying", attempts, lastError: error, nextAttemptAt: now() + delay }, now());
  });
  try {
    await policy.execute(({ signal }) => {
      attempts += 1;
      return a.channel.send(e, AbortSignal.any([signal, AbortSignal.timeout(a.timeoutMs)]));
    });
    updateDelivery(db, id, { status: "sent", attempts, lastError: null, nextAttemptAt: null }, now());
    a.onDone?.(channel.kind, "sent");
  } catch (err) {
    updateDelivery(db, id, { status: "failed", attempts, lastError: errorText(err), nextAttemptAt: null }, now());
    a.onDone?.(channel.kind, "failed");
    console.error(`respawn: notification ${id} to channel ${channel.id} failed after ${attempts} attempt(s): ${errorText(err)}`);
  }
}
