import type { PolicyField } from "./policy-api";

const INPUT = "w-40 rounded border border-zinc-300 bg-white px-1.5 py-0.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** One typed input: a list for words and booleans, a number box for numbers; empty means "leave as is". */
export function FieldInput({
  field,
  value,
  disabled,
  onChange,
}: {
  field: PolicyField;
  value: string;
  disabled: boolean;
  onChange(value: string): void;
}) {
  const label = `New ${field.label}`;
  const kind = field.kind;
  if (kind.type === "enum" || kind.type === "bool") {
    const options = kind.type === "bool" ? ["true", "false"] : kind.options;
    return (
      <select aria-label={label} className={INPUT} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        <option value="">(leave as is)</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  if (kind.type === "int-list") {
    return (
      <input aria-label={label} className={INPUT} inputMode="numeric" placeholder="e.g. 0,2" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} />
    );
  }
  return (
    <input
      aria-label={label}
      className={INPUT}
      type="number"
      min={kind.min}
      max={kind.max}
      step={kind.type === "seconds" ? "any" : 1}
      placeholder={kind.type === "seconds" ? "seconds" : "unit" in kind && kind.unit ? kind.unit : ""}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
