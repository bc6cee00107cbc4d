import Anser from "anser";

/** One run of log text with its look. `text` is plain text, always rendered as a React text node. */
export interface TextSegment {
  text: string;
  /** text: ordinary; control: a control character made visible; bidi: a direction override made
   *  visible; invalid: U+FFFD, bytes that were not valid UTF-8. */
  kind: "text" | "control" | "bidi" | "invalid";
  classes: string[];
  color?: string;
  background?: string;
}

// OSC (title, OSC-8 hyperlink, clipboard…) and DCS/SOS/PM/APC strings: their payload is never shown
// nor acted on; an OSC-8 link keeps only its visible text. Unterminated ones run to the end.
const STRING_SEQUENCES = /(?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
// Charset designation and keypad modes: meaningless in a log view.
const HARMLESS_ESCAPES = /\x1b(?:[()*+\-./][\x20-\x7e]|[=>78])/g;
// Everything still a control character after the SGR parse (tab excepted), bidi and U+FFFD.
const SPECIAL =
  /([\x00-\x08\x0a-\x1f\x7f-\x9f]|[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]|\ufffd)/;

const BIDI_NAMES: Record<string, string> = {
  "\u202a": "LRE",
  "\u202b": "RLE",
  "\u202c": "PDF",
  "\u202d": "LRO",
  "\u202e": "RLO",
  "\u2066": "LRI",
  "\u2067": "RLI",
  "\u2068": "FSI",
  "\u2069": "PDI",
  "\u200e": "LRM",
  "\u200f": "RLM",
  "\u061c": "ALM",
};

const DECORATIONS = new Set(["bold", "dim", "italic", "underline", "strikethrough"]);
const RGB = /^\d{1,3}, ?\d{1,3}, ?\d{1,3}$/;
const CUBE = [0, 95, 135, 175, 215, 255];

/** The visible stand-in of a control character: its Unicode control picture, or U+XXXX. */
export function showControl(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return `<U+${code.toString(16).toUpperCase().padStart(4, "0")}>`;
}

function paletteColor(index: number): string | undefined {
  if (index >= 16 && index < 232) {
    const n = index - 16;
    return `rgb(${CUBE[Math.floor(n / 36)]}, ${CUBE[Math.floor(n / 6) % 6]}, ${CUBE[n % 6]})`;
  }
  if (index >= 232 && index < 256) {
    const v = 8 + 10 * (index - 232);
    return `rgb(${v}, ${v}, ${v})`;
  }
  return undefined;
}

interface Look {
  classes: string[];
  color?: string;
  background?: string;
}

function colourOf(
  name: string | null,
  truecolor: string | null,
  side: "fg" | "bg",
  look: Look,
): void {
  if (!name) return;
  let css: string | undefined;
  if (name === "ansi-truecolor" && truecolor && RGB.test(truecolor)) css = `rgb(${truecolor})`;
  // anser names the first 16 palette entries itself; the rest arrive as ansi-palette-N.
  else if (name.startsWith("ansi-palette-"))
    css = paletteColor(Number(name.slice("ansi-palette-".length)));
  else if (/^ansi-(bright-)?[a-z]+$/.test(name)) look.classes.push(`${name}-${side}`);
  if (css && side === "fg") look.color = css;
  if (css && side === "bg") look.background = css;
}

function lookOf(entry: Anser.AnserJsonEntry): Look {
  const look: Look = { classes: [] };
  colourOf(entry.fg, entry.fg_truecolor, "fg", look);
  colourOf(entry.bg, entry.bg_truecolor, "bg", look);
  for (const d of entry.decorations ?? []) if (DECORATIONS.has(d)) look.classes.push(`ansi-${d}`);
  return look;
}

function splitSpecial(content: string, look: Look, out: TextSegment[]): void {
  for (const piece of content.split(SPECIAL)) {
    if (!piece) continue;
    if (piece.length === 1 && SPECIAL.test(piece)) {
      if (piece === "\ufffd") out.push({ text: piece, kind: "invalid", ...look });
      else if (BIDI_NAMES[piece])
        out.push({ text: `\u27e8${BIDI_NAMES[piece]}\u27e9`, kind: "bidi", ...look });
      else out.push({ text: showControl(piece), kind: "control", ...look });
    } else out.push({ text: piece, kind: "text", ...look });
  }
}

/**
 * Turns one raw log line into segments: SGR colours parsed by anser, other escape sequences
 * dropped, control and bidi characters made visible. No part of it is ever HTML.
 */
export function parseLogText(raw: string): TextSegment[] {
  const cleaned = raw.replace(STRING_SEQUENCES, "").replace(HARMLESS_ESCAPES, "");
  const out: TextSegment[] = [];
  const entries = Anser.ansiToJson(cleaned, { json: true, remove_empty: true, use_classes: true });
  for (const entry of entries) splitSpecial(entry.content, lookOf(entry), out);
  return out;
}
