import { openStore, resolveStorePath, type Store } from "@/lib/store/open-store";
import { DEFAULT_RETENTION_DAYS, startRetention, type RetentionTask } from "@/lib/store/retention";
import { createListenerIngest, type ListenerIngest } from "./listener-ingest";
import { createHistoryRecorder, type HistoryRecorder, type HistoryRecorderOptions } from "./recorder";

export interface HistoryOptions extends HistoryRecorderOptions {
  /** The store file; default `resolveStorePath(dataDir)`: <dataDir>/respawn.db. */
  storePath?: string;
  dataDir?: string;
  retentionDays?: number;
  /** The listener token of a host (from its config), undefined when it has none. */
  tokenFor?: (hostId: string) => string | undefined;
}

/** Everything history needs at run time, opened once per server process. */
export interface History {
  store: Store;
  recorder: HistoryRecorder;
  ingest: ListenerIngest;
  retention: RetentionTask;
  close(): void;
}

/** Opens the store, starts the recorder and the background pruning. */
export function createHistory(options: HistoryOptions = {}): History {
  // A short busy timeout: a locked store makes history writes wait in memory, not block the poll loop.
  const store = openStore(options.storePath ?? resolveStorePath(options.dataDir), { busyTimeoutMs: 100 });
  const recorder = createHistoryRecorder(store, options);
  const ingest = createListenerIngest({ recorder, tokenFor: options.tokenFor ?? (() => undefined) });
  const retention = startRetention(store.db, {
    retentionMs: (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * 86_400_000,
    onError: (e) => console.error("respawn: pruning history failed:", e instanceof Error ? e.message : String(e)),
  });
  return {
    store,
    recorder,
    ingest,
    retention,
    close() {
      retention.stop();
      recorder.close();
      store.close();
    },
  };
}
