#!/usr/bin/env python3
"""One `sourced check --format json` report over articles of ../shared, each checked as the work
of its own outlet, as a newsroom's CI would (`--outlet`, or `outlet` in its config).

    scripts/shared_report.py BIN REPORT.json FILE...

The BBC corpus is the BBC's own reporting; a PolNeAR article's outlet is the first part of its
file name. Other files are checked with no outlet given (an article may still declare one: front
matter, a copyright line). Standard library only.
"""
import json
import os
import subprocess
import sys

# PolNeAR's file-name prefixes and the names each outlet goes by in its own pages.
POLNEAR = {
    "breitbart": ["Breitbart News", "Breitbart"],
    "huff-post": ["The Huffington Post", "HuffPost"],
    "nyt": ["The New York Times"],
    "politico": ["POLITICO", "Politico"],
    "usa-today": ["USA TODAY", "USA Today"],
    "wash-post": ["The Washington Post"],
    "west-journal": ["Western Journalism", "The Western Journal"],
}


def outlet_of(path):
    parts = os.path.normpath(path).split(os.sep)
    if "bbc" in parts and "corpus" in parts:
        return ("BBC", "BBC News", "BBC News Online")
    if "polnear" in parts:
        prefix = os.path.basename(path).split("_", 1)[0]
        return tuple(POLNEAR.get(prefix, []))
    return ()


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    binary, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    groups = {}
    for f in files:
        groups.setdefault(outlet_of(f), []).append(f)
    docs = {}
    for names, group in groups.items():
        cmd = [binary, "check", "--exit-zero", "--format", "json"]
        for n in names:
            cmd += ["--outlet", n]
        report = json.loads(subprocess.run(cmd + group, check=True, capture_output=True).stdout)
        for d in report["documents"]:
            docs[os.path.normpath(d["path"])] = d
    ordered = [docs[os.path.normpath(f)] for f in files if os.path.normpath(f) in docs]
    with open(out, "w", encoding="utf-8") as w:
        json.dump({"documents": ordered}, w)


if __name__ == "__main__":
    main()
