/**
 * A seeded generator of supervisord configurations that combine what people write and what
 * supervisord's parser allows: line ends of every kind, keys in any case, `=`/`:` with any
 * spacing, inline and whole-line comments, continuation lines with blank and comment lines in
 * them, indented sections, booleans spelled any way, interpolation, [DEFAULT], repeated and split
 * sections, includes with several glob patterns, groups over numprocs programs, event listeners
 * and FastCGI programs.
 */
export type Rng = () => number;

/** mulberry32: small, fast, reproducible from one seed. */
export function rngOf(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const chance = (r: Rng, p: number) => r() < p;

const TRUE = ["true", "True", "TRUE", "yes", "Yes", "on", "ON", "1"];
const FALSE = ["false", "False", "no", "NO", "off", "Off", "0"];
const bool = (r: Rng) => (chance(r, 0.5) ? pick(r, TRUE) : pick(r, FALSE));

type Lines = string[];
interface Opt {
  key: string;
  value: Lines;
}

function value(r: Rng, key: string): Lines {
  switch (key) {
    case "autostart":
    case "redirect_stderr":
    case "stdout_syslog":
      return [bool(r)];
    case "autorestart":
      return [pick(r, ["true", "false", "unexpected", "Unexpected", "UNEXPECTED", "yes", "No", "0", "1", "off", "On"])];
    case "startsecs":
      return [pick(r, ["0", "1", "5", "10", " 3", "%(ENV_SECS)s", "+2", "1_0"])];
    case "startretries":
      return [pick(r, ["0", "3", "5", "20", "%(ENV_RETRIES)s"])];
    case "exitcodes":
      return pick(r, [["0"], ["0,2"], ["0, 2 ,3"], ["0,", "    2"], ["0,", "", "    ; a comment inside", "    2,3"], ["1"]]);
    case "stopsignal":
      return [pick(r, ["TERM", "SIGINT", "kill", "9", "Hup", "SIGUSR1", "QUIT", "usr2"])];
    case "stopwaitsecs":
      return [pick(r, ["1", "10", "30", "600"])];
    case "stopasgroup":
    case "killasgroup":
      return [chance(r, 0.7) ? pick(r, TRUE) : pick(r, FALSE)];
    case "stdout_logfile":
    case "stderr_logfile":
      return [
        pick(r, [
          "NONE", "none", "off", "AUTO", "auto", "syslog", "%(here)s/logs/%(program_name)s-%(process_num)d.log",
          "%(here)s/logs/%(group_name)s.log", "%(here)s/logs/%(host_node_name)s.log", "%(ENV_LOGDIR)s/%(program_name)s.log",
          "%(here)s/logs/%(ENV_APP)s.log", "%(here)s/logs/%(program_name)s.log"
        ]),
      ];
    case "stdout_logfile_maxbytes":
    case "stderr_logfile_maxbytes":
      return [pick(r, ["0", "1024", "1KB", "50mb", "5 MB", "1GB", "10MB"])];
    default:
      return [pick(r, ["0", "1", "5", "10"])];
  }
}

const KEYS = [
  "autostart", "autorestart", "startsecs", "startretries", "exitcodes", "stopsignal", "stopwaitsecs", "stopasgroup",
  "killasgroup", "redirect_stderr", "stdout_logfile", "stderr_logfile", "stdout_syslog", "stdout_logfile_maxbytes",
  "stderr_logfile_maxbytes", "stdout_logfile_backups", "stderr_logfile_backups",
];

function renderOpt(r: Rng, o: Opt, indent: string): Lines {
  const key = chance(r, 0.15) ? o.key.toUpperCase() : o.key;
  const delim = pick(r, ["=", "=", " = ", ":", ": ", " :  ", "\t=\t"]);
  const comment = pick(r, ["", "", "", " ; why", "\t# note", " ;"]);
  const [first = "", ...rest] = o.value;
  return [`${indent}${key}${delim}${first}${comment}`, ...rest.map((l) => (l ? `${indent}${l}` : l))];
}

function renderSection(r: Rng, header: string, opts: Opt[], fileIndent: string): Lines {
  // Mostly the file's own indentation; now and then a section indented deeper than the line
  // before it, which configparser reads as a continuation of that line.
  const indent = chance(r, 0.01) ? `${fileIndent}  ` : fileIndent;
  const out = [`${indent}[${header}]${chance(r, 0.1) ? " ; section" : ""}`];
  for (const o of opts) {
    if (chance(r, 0.15)) out.push(pick(r, ["; a comment", "# another", "  ; indented comment", ""]));
    out.push(...renderOpt(r, o, indent));
  }
  return out;
}

interface Program {
  name: string;
  kind: "program" | "fcgi-program" | "eventlistener";
  opts: Opt[];
}

function program(r: Rng, name: string, kind: Program["kind"]): Program {
  const cmd = pick(r, ["/bin/sleep 100", "/usr/bin/env sh -c 'echo a;b; sleep 9'", "/bin/cat %(here)s/x", "/bin/sleep %(process_num)d"]);
  const opts: Opt[] = [{ key: "command", value: chance(r, 0.2) ? [cmd, "    --more"] : [cmd] }];
  for (const key of KEYS) if (chance(r, 0.35)) opts.push({ key, value: value(r, key) });
  // supervisord expands a logfile name twice, so a literal %% in it is refused: rare, but real.
  if (chance(r, 0.03)) opts.push({ key: "stderr_logfile", value: ["%(here)s/logs/100%%.log"] });
  if (chance(r, 0.02)) opts.push({ key: "stdout_logfile", value: ["%(here)s/no-such-folder/x.log"] });
  // Keep most cases valid: supervisord refuses stopasgroup=true with killasgroup=false.
  const stop = opts.find((o) => o.key === "stopasgroup");
  const kill = opts.find((o) => o.key === "killasgroup");
  if (stop && kill && TRUE.includes(stop.value[0] ?? "") && chance(r, 0.9)) kill.value = ["true"];
  if (kind === "eventlistener") {
    opts.push({ key: "events", value: [pick(r, ["PROCESS_STATE", "PROCESS_STATE_EXITED,PROCESS_STATE_FATAL", "TICK_60"])] });
    opts.forEach((o) => o.key === "redirect_stderr" && (o.value = ["false"]));
  }
  if (kind === "fcgi-program") opts.push({ key: "socket", value: ["unix://%(here)s/%(program_name)s.sock"] });
  if (chance(r, 0.3) || kind === "fcgi-program") {
    opts.push({ key: "numprocs", value: [pick(r, ["1", "2", "3"])] });
    opts.push({ key: "process_name", value: [pick(r, ["%(program_name)s_%(process_num)02d", "%(program_name)s-%(process_num)s", "w%(process_num)d"])] });
    if (chance(r, 0.3)) opts.push({ key: "numprocs_start", value: ["1"] });
  }
  if (chance(r, 0.2)) opts.push({ key: "environment", value: [pick(r, ['APP="my app",LOGDIR=/tmp', "APP=web,X=1", "APP='a,b'"])] });
  return { name, kind, opts };
}

const EOLS = ["\n", "\r\n", "\r"] as const;

function joinLines(r: Rng, lines: Lines): string {
  const style = pick(r, ["\n", "\n", "\r\n", "\r\n", "\r", "mixed"]);
  return lines.map((l) => l + (style === "mixed" ? pick(r, EOLS) : style)).join("");
}

export interface GeneratedCase {
  /** Folders to create (relative), then files relative to the case folder; the main config is `supervisord.conf`. */
  dirs: string[];
  files: Record<string, string>;
  env: Record<string, string>;
}

const INCLUDE_FILES = ["conf.d/a1.conf", "conf.d/b2.conf", "conf.d/c.ini", "conf.d/.hidden.conf", "conf.extra/x.ini", "conf.extra/y.conf"];
/** Each pattern and the files it should take in (so sections are mostly put where supervisord reads them). */
const PATTERNS: Record<string, string[]> = {
  "conf.d/*.conf": ["conf.d/a1.conf", "conf.d/b2.conf"],
  "conf.d/[ab]*.conf": ["conf.d/a1.conf", "conf.d/b2.conf"],
  "conf.d/[!a]*.conf": ["conf.d/b2.conf"],
  "conf.d/[0-9a-b]?.conf": ["conf.d/a1.conf", "conf.d/b2.conf"],
  "conf.*/*.ini": ["conf.d/c.ini", "conf.extra/x.ini"],
  "%(here)s/conf.d/*.conf": ["conf.d/a1.conf", "conf.d/b2.conf"],
  "%(ENV_CONFDIR)s/*.conf": ["conf.d/a1.conf", "conf.d/b2.conf"],
  "conf.d/.*.conf": ["conf.d/.hidden.conf"],
  "../%(ENV_CASE)s/conf.extra/?.conf": ["conf.extra/y.conf"],
  "conf.d/c.ini": ["conf.d/c.ini"],
  "conf.d/*": ["conf.d/a1.conf", "conf.d/b2.conf", "conf.d/c.ini"],
  "nothing/*.conf": [],
};

/** One configuration, from one seed; `dir` is where it will be written (for absolute references). */
export function generateCase(seed: number, dir: string): GeneratedCase {
  const r = rngOf(seed);
  const caseName = dir.split("/").at(-1) ?? "";
  const env = { SECS: "3", RETRIES: "4", LOGDIR: `${dir}/logs`, APP: "app", CONFDIR: `${dir}/conf.d`, CASE: caseName, HOME: "/root" };
  const programs: Program[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) programs.push(program(r, `p${i}`, chance(r, 0.1) ? "fcgi-program" : "program"));
  if (chance(r, 0.2)) programs.push(program(r, "listener", "eventlistener"));
  const sections: Array<{ header: string; opts: Opt[] }> = [];
  for (const p of programs) {
    // A section split in two (repeated header) or an option repeated: the later value wins.
    if (chance(r, 0.25) && p.opts.length > 2) {
      const cut = 1 + Math.floor(r() * (p.opts.length - 1));
      sections.push({ header: `${p.kind}:${p.name}`, opts: p.opts.slice(0, cut) }, { header: `${p.kind}:${p.name}`, opts: p.opts.slice(cut) });
    } else sections.push({ header: `${p.kind}:${p.name}`, opts: p.opts });
    const again = pick(r, KEYS.slice(0, 7));
    if (chance(r, 0.15)) sections.push({ header: `${p.kind}:${p.name}`, opts: [{ key: again, value: value(r, again) }] });
  }
  const plain = programs.filter((p) => p.kind === "program").map((p) => p.name);
  if (plain.length > 1 && chance(r, 0.4)) sections.push({ header: "group:g", opts: [{ key: "programs", value: [plain.slice(0, 2).join(pick(r, [",", ", "]))] }] });
  if (chance(r, 0.2)) sections.unshift({ header: "DEFAULT", opts: [{ key: pick(r, ["startretries", "stopwaitsecs", "autorestart"]), value: [pick(r, ["7", "true"])] }] });
  const files: Record<string, string[]> = { "supervisord.conf": [] };
  for (const f of INCLUDE_FILES) files[f] = [];
  const indents: Record<string, string> = Object.fromEntries(Object.keys(files).map((f) => [f, chance(r, 0.15) ? "  " : ""]));
  const main = files["supervisord.conf"] as Lines;
  main.push(...renderSection(r, "supervisord", [
    { key: "logfile", value: ["%(here)s/supervisord.log"] },
    { key: "pidfile", value: ["%(here)s/supervisord.pid"] },
    { key: "childlogdir", value: ["%(here)s/logs"] },
    ...(chance(r, 0.2) ? [{ key: "environment", value: ['APP="from supervisord"'] }] : []),
  ], indents["supervisord.conf"] ?? ""));
  const useInclude = chance(r, 0.7);
  const read: string[] = [];
  if (useInclude) {
    const pats = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, Object.keys(PATTERNS)));
    read.push(...pats.flatMap((p) => PATTERNS[p] ?? []));
    const val = chance(r, 0.3) ? [pats[0] ?? "", ...pats.slice(1).map((p) => `    ${p}`)] : [pats.join(pick(r, [" ", "  ", "\t"]))];
    main.push(...renderSection(r, "include", [{ key: "files", value: val }], indents["supervisord.conf"] ?? ""));
  }
  for (const s of sections) {
    // Now and then a section lands in a file no pattern takes in (supervisord then misses it).
    const pool = chance(r, 0.05) ? INCLUDE_FILES : read;
    const where = pool.length > 0 && chance(r, 0.6) ? pick(r, pool) : "supervisord.conf";
    (files[where] as Lines).push(...renderSection(r, s.header, s.opts, indents[where] ?? ""));
  }
  const out: Record<string, string> = {};
  for (const [f, lines] of Object.entries(files)) out[f] = joinLines(r, lines);
  return { dirs: ["logs", "conf.d/logs", "conf.extra/logs"], files: out, env };
}
