export interface SparklineProps {
  /** Restarts per bucket, oldest first. */
  values: readonly number[];
  width?: number;
  height?: number;
  label: string;
}

/** Bar heights for the values, scaled to the tallest one; a zero stays a flat line. */
export function sparkBars(values: readonly number[], width: number, height: number) {
  const max = Math.max(1, ...values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0)));
  const step = values.length ? width / values.length : width;
  return values.map((raw, i) => {
    const v = Number.isFinite(raw) && raw > 0 ? raw : 0;
    const h = v === 0 ? 1 : Math.max(2, (v / max) * (height - 1));
    return { x: i * step, y: height - h, width: Math.max(1, step - 1), height: h, value: v };
  });
}

/** A small bar chart drawn as inline SVG from numbers only (nothing from the server is markup). */
export function Sparkline({ values, width = 120, height = 24, label }: SparklineProps) {
  const bars = sparkBars(values, width, height);
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className="text-fuchsia-600 dark:text-fuchsia-400"
    >
      {bars.map((b, i) => (
        <rect
          key={i}
          data-value={b.value}
          x={b.x}
          y={b.y}
          width={b.width}
          height={b.height}
          className={b.value ? "fill-current" : "fill-zinc-300 dark:fill-zinc-700"}
        />
      ))}
    </svg>
  );
}
