/**
 * Config files can hold secrets next to the policy (supervisord `environment=`, credentials of
 * `[inet_http_server]`): any line that looks like one has its value masked before file text or a
 * diff leaves the server.
 */
const SECRET_LINE = /^([+\- ]?\s*)((?:environment|password|username|[^=:\s]*(?:pass|secret|token|key|credential)[^=:\s]*)\s*[=:]\s*)(.*)$/i;

export function redactConfigText(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const m = SECRET_LINE.exec(line);
      return m ? `${m[1]}${m[2]}••••••` : line;
    })
    .join("\n");
}
