import { cutLine } from "@/lib/connectors/long-line";

// What the connectors append to a line they cut: kept as it is, so the snapshot says what the view says.
const CUT_MARKER = / … (at least )?[\d.]+ (bytes|KB|MB|GB) more of this line$/;

/**
 * A snapshot line cut exactly as tail and follow cut it (MAX_LINE_BYTES, with "… N more of this
 * line"): a line the connector already cut keeps its marker; a longer one is cut here.
 */
export function cutLongLine(text: string): string {
  if (CUT_MARKER.test(text)) return text;
  return cutLine(text, Buffer.byteLength(text, "utf8"));
}
