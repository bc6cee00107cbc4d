/** The marker put where a secret was: visible, and never mistaken for the secret. */
export const REDACTED = "[redacted]";

const KEYS = "password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?";

// Ordered: a URL's userinfo before key=value, so "postgres://u:pw@h" keeps its shape.
const RULES: Array<{ re: RegExp; to: (m: string, ...g: string[]) => string }> = [
  // scheme://user:password@host
  { re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)(?!\[redacted\])[^\s@/]+@/gi, to: (_, head) => `${head}${REDACTED}@` },
  // Authorization: Bearer xyz / Authorization: Basic xyz / Authorization=xyz
  {
    re: /\b(authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest)\s+)?(?!\[redacted\])[^\s"',;]+/gi,
    to: (_, head, scheme) => `${head}${scheme ? `${scheme} ` : ""}${REDACTED}`,
  },
  // a bearer token on its own
  { re: /\b(bearer\s+)(?!\[redacted\])[A-Za-z0-9._~+/=-]{6,}/gi, to: (_, head) => `${head}${REDACTED}` },
  // password=…, DB_PASSWORD: …, "api_key": "…", --token=…
  {
    re: new RegExp(`([A-Za-z0-9_.-]*(?:${KEYS})[A-Za-z0-9_.-]*["']?\\s*[:=]\\s*["']?)(?!\\[redacted\\])[^\\s"'&,;]+`, "gi"),
    to: (_, head) => `${head}${REDACTED}`,
  },
];

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;
const PEM_INLINE = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/** Redacts one line on its own; returns the text and how many secrets it held. */
export function redactText(text: string): { text: string; count: number } {
  let count = 0;
  let out = text.replace(PEM_INLINE, () => (count++, `${REDACTED} (private key)`));
  for (const { re, to } of RULES) {
    out = out.replace(re, (m: string, ...g: string[]) => {
      count++;
      return to(m, ...g);
    });
  }
  return { text: out, count };
}

/**
 * Redacts a stream of lines in order: a private key spread over many lines is replaced from its
 * BEGIN line to its END line (or to the end, when the capture cut it).
 */
export function redactLines(lines: readonly string[]): { lines: string[]; count: number } {
  let count = 0;
  let inKey = false;
  const out = lines.map((line) => {
    if (inKey) {
      if (PEM_END.test(line)) inKey = false;
      return REDACTED;
    }
    if (PEM_BEGIN.test(line) && !PEM_END.test(line)) {
      inKey = true;
      count++;
      return line.slice(0, line.search(PEM_BEGIN)) + `${REDACTED} (private key)`;
    }
    const r = redactText(line);
    count += r.count;
    return r.text;
  });
  return { lines: out, count };
}
