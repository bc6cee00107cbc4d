/** A unified diff as text, one line per row, added and removed lines coloured. */
export function DiffView({ diff, label }: { diff: string; label: string }) {
  const lines = diff.split("\n").filter((l) => !l.startsWith("===") && !l.startsWith("Index:"));
  return (
    <pre aria-label={label} className="max-h-96 overflow-auto rounded border border-zinc-200 bg-zinc-50 p-2 text-xs dark:border-zinc-800 dark:bg-zinc-900">
      {lines.map((line, i) => {
        const tone = line.startsWith("+") && !line.startsWith("+++")
          ? "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200"
          : line.startsWith("-") && !line.startsWith("---")
            ? "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200"
            : line.startsWith("@@")
              ? "text-blue-700 dark:text-blue-400"
              : "";
        return (
          <div key={i} data-diff={tone ? (line[0] === "+" ? "add" : line[0] === "-" ? "remove" : "hunk") : "context"} className={tone}>
            {line || " "}
          </div>
        );
      })}
    </pre>
  );
}
