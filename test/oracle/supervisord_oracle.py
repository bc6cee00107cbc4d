"""supervisord's own reading of configuration files, as the oracle of Respawn's reader.

Reads a JSON list of cases on stdin ({"config": path, "env": {...}}) and prints, for each, every
process config supervisord builds (ServerOptions.realize, supervisord's own code) with its
effective values, and the file:line configparser read each option from (tracked by counting the
lines configparser itself reads). Run with /usr/bin/python3 (Debian's supervisor package).
"""
import configparser
import json
import os
import sys

from supervisor import datatypes, options

CTX = {"file": None, "line": None}
PARSERS = []
SECTIONS = {}


class TrackingDict(dict):
    """A section's dict that remembers where configparser was when it stored each option."""

    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.src = {}

    def __setitem__(self, key, value):
        if CTX["file"] is not None and isinstance(value, list):
            self.src[key] = (CTX["file"], CTX["line"])
        super().__setitem__(key, value)


class Counting:
    def __init__(self, fp, name):
        self.fp, self.name = fp, name

    def __iter__(self):
        for i, line in enumerate(self.fp, 1):
            CTX["file"], CTX["line"] = self.name, i
            yield line
        CTX["file"] = None


_orig_read = configparser.RawConfigParser._read


def _read(self, fp, fpname):
    try:
        return _orig_read(self, Counting(fp, fpname), fpname)
    finally:
        CTX["file"] = None


configparser.RawConfigParser._read = _read
_orig_init = options.UnhosedConfigParser.__init__


def _init(self, *a, **k):
    k["dict_type"] = TrackingDict
    _orig_init(self, *a, **k)
    PARSERS.append(self)


options.UnhosedConfigParser.__init__ = _init
_orig_pfs = options.ServerOptions.processes_from_section


def _pfs(self, parser, section, group_name, klass=None):
    out = _orig_pfs(self, parser, section, group_name, klass)
    for pc in out:
        SECTIONS[id(pc)] = section
    return out


options.ServerOptions.processes_from_section = _pfs


class Refused(Exception):
    pass


def _usage(self, msg):
    raise Refused(msg)


options.ServerOptions.usage = _usage

FIELDS = ["autostart", "autorestart", "startsecs", "startretries", "exitcodes", "stopsignal", "stopwaitsecs",
          "stopasgroup", "killasgroup", "redirect_stderr", "stdout_logfile", "stderr_logfile", "stdout_syslog",
          "stderr_syslog", "stdout_logfile_maxbytes", "stderr_logfile_maxbytes", "stdout_logfile_backups",
          "stderr_logfile_backups"]


def plain(key, v):
    if key == "autorestart":
        return {datatypes.RestartUnconditionally: "true", datatypes.RestartWhenExitUnexpected: "unexpected"}.get(v, "false")
    if key.endswith("_logfile"):
        return "NONE" if v is None else "AUTO" if v is datatypes.Automatic else str(v)
    if key == "stopsignal":
        return int(v)
    return v


def source(parser, section, key):
    sect = parser._sections.get(section, {})
    src = getattr(sect, "src", {}).get(key)
    if src is None and key in parser._defaults:
        src = parser._defaults.src.get(key)
    return None if src is None else "%s:%d" % src


def run(case):
    os.environ.clear()
    os.environ.update(case.get("env", {}))
    del PARSERS[:]
    SECTIONS.clear()
    o = options.ServerOptions()
    try:
        o.realize(args=["-c", case["config"]])
    except BaseException as e:  # usage errors exit via SystemExit
        return {"ok": False, "error": str(e)[:500] or type(e).__name__}
    parser = PARSERS[-1]
    procs = []
    for g in o.process_group_configs:
        for pc in g.process_configs:
            section = SECTIONS[id(pc)]
            procs.append({
                "group": g.name, "name": pc.name, "section": section,
                "values": {k: plain(k, getattr(pc, k)) for k in FIELDS},
                "sources": {k: source(parser, section, k) for k in FIELDS},
            })
    procs.sort(key=lambda p: (p["group"], p["name"]))
    return {"ok": True, "processes": procs}


if __name__ == "__main__":
    cases = json.load(sys.stdin)
    json.dump([run(c) for c in cases], sys.stdout)
