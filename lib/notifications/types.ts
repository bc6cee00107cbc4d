import type { NotificationEventKind } from "./config";

/** Something worth telling people about. */
export interface NotificationEvent {
  kind: NotificationEventKind;
  hostId: string;
  manager: "supervisord" | "systemd";
  /** The process, for process events; absent for a host's. */
  processName?: string;
  /** One line: "worker on web-1 gave up". */
  title: string;
  /** More lines: the manager's reason, the error. */
  detail?: string;
  /** Absolute link to the dashboard page, when publicUrl is set; else a path. */
  link?: string;
  at: number;
  /** A test from the admin page. */
  test?: boolean;
}

/** One way of telling people (a webhook, a mailbox, a push topic). */
export interface Channel {
  readonly id: string;
  readonly kind: string;
  /** Delivers the event; throws a DeliveryError when it did not arrive. */
  send(event: NotificationEvent, signal: AbortSignal): Promise<void>;
}

/** A delivery that did not arrive; `retryable` false when trying again cannot help (HTTP 4xx, bad address). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
