import type { ComponentProps } from "react";

type Tone = "default" | "primary" | "danger" | "quiet";

const TONE: Record<Tone, string> = {
  default:
    "border-zinc-300 bg-white hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800",
  primary: "border-blue-700 bg-blue-600 text-white hover:bg-blue-700",
  danger: "border-red-700 bg-red-600 text-white hover:bg-red-700",
  quiet: "border-transparent hover:bg-zinc-100 dark:hover:bg-zinc-800",
};

export function Button({
  tone = "default",
  size = "md",
  className = "",
  ...props
}: ComponentProps<"button"> & { tone?: Tone; size?: "sm" | "md" }) {
  const pad = size === "sm" ? "px-1.5 py-0.5 text-xs" : "px-2.5 py-1 text-sm";
  return (
    <button
      type="button"
      {...props}
      className={`inline-flex items-center gap-1.5 rounded border font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-500 disabled:cursor-not-allowed disabled:opacity-50 ${pad} ${TONE[tone]} ${className}`}
    />
  );
}
