#!/usr/bin/env python3
"""Assembles docs/sensors.md: drivers/sensors.md.in with every driver's README.md in place of
its marker line, each driver's headings one level down (a driver's README.md starts at `#`).

  assemble_docs.py --output docs/sensors.md TEMPLATE README.md...   writes the page
  assemble_docs.py --check docs/sensors.md TEMPLATE README.md...    exits 1 when it differs
"""
import argparse
import re
import sys

MARKER = "<!-- drivers/*/README.md, one section per driver folder -->"


def demote(text):
    lines = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#+ ", line):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines).strip("\n") + "\n"


def assemble(template, readmes):
    with open(template, encoding="utf-8") as f:
        page = f.read()
    if MARKER not in page:
        sys.exit(f"{template}: no marker line {MARKER}")
    sections = []
    for path in readmes:
        with open(path, encoding="utf-8") as f:
            sections.append(demote(f.read()))
    return page.replace(MARKER, "\n".join(sections).rstrip("\n"))


def main():
    parser = argparse.ArgumentParser()
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--output")
    mode.add_argument("--check")
    parser.add_argument("template")
    parser.add_argument("readmes", nargs="+")
    args = parser.parse_args()
    page = assemble(args.template, args.readmes)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(page)
        return 0
    with open(args.check, encoding="utf-8") as f:
        if f.read() != page:
            print(f"{args.check} is not the assembly of drivers/*/README.md: run "
                  "`cmake --build --preset release --target sensor_docs` and commit it",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
