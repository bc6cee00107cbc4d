import { parseLogText, type TextSegment } from "@/lib/client/ansi";
import { splitMatches } from "@/lib/client/log-search";

const SEGMENT_LOOK: Record<TextSegment["kind"], { className: string; title?: string }> = {
  text: { className: "" },
  control: {
    className: "rounded-sm bg-zinc-200 px-px text-zinc-600 dark:bg-zinc-700 dark:text-zinc-300",
    title: "control character",
  },
  bidi: {
    className:
      "rounded-sm bg-fuchsia-100 px-px text-fuchsia-800 dark:bg-fuchsia-900/60 dark:text-fuchsia-200",
    title: "text direction control, shown instead of applied",
  },
  invalid: {
    className: "rounded-sm bg-amber-200 text-amber-900 dark:bg-amber-800 dark:text-amber-100",
    title: "bytes that were not valid UTF-8",
  },
};

function Highlighted({ text, query }: { text: string; query: string }) {
  if (!query) return text;
  return splitMatches(text, query).map((part, i) =>
    part.match ? (
      <mark key={i} className="rounded-sm bg-yellow-300 text-zinc-950">
        {part.text}
      </mark>
    ) : (
      part.text
    ),
  );
}

function Segment({ segment, query }: { segment: TextSegment; query: string }) {
  const look = SEGMENT_LOOK[segment.kind];
  const className = [...segment.classes, look.className].filter(Boolean).join(" ");
  const style =
    segment.color || segment.background
      ? { color: segment.color, backgroundColor: segment.background }
      : undefined;
  return (
    <span
      className={className || undefined}
      style={style}
      title={look.title}
      data-kind={segment.kind === "text" ? undefined : segment.kind}
    >
      <Highlighted text={segment.text} query={query} />
    </span>
  );
}

/**
 * A log line's text as the live viewer shows it: ANSI colours parsed by anser into React text
 * spans (never HTML), control and bidi characters made visible. Incident snapshots and shared
 * pages use the same, so a line looks the same everywhere.
 */
export function LogText({
  text,
  query = "",
  wrap = false,
}: {
  text: string;
  /** Marks every match of this text (ignoring case). */
  query?: string;
  wrap?: boolean;
}) {
  return (
    <span className={`log-text min-w-0 ${wrap ? "break-all whitespace-pre-wrap" : "whitespace-pre"}`}>
      {parseLogText(text).map((segment, i) => (
        <Segment key={i} segment={segment} query={query} />
      ))}
    </span>
  );
}
