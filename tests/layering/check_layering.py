#!/usr/bin/env python3
"""The layering test (DESIGN.md "Layers"): every public header's includes against allowed_edges.txt.

Usage: check_layering.py ROOT [--table FILE]
ROOT is the source tree; the headers read are ROOT/include/submeter/**.hpp and
ROOT/meters/include/submeter/**.hpp. Prints one line per violation, naming the file, the line and
the edge, and exits 1 when there is any; exits 0 printing a count otherwise. Exit 2 on bad usage
or a malformed table.
"""
import argparse
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def read_table(path):
    allowed, forbidden, section = {}, [], "edges"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line == "[forbidden]":
            section = "forbidden"
            continue
        if section == "forbidden":
            forbidden.extend(line.split())
            continue
        area, sep, rest = line.partition(":")
        if not sep or not area.strip() or area.strip() in allowed:
            sys.exit(f"{path}:{number}: malformed or repeated area line: {raw!r}")
        allowed[area.strip()] = set(rest.split()) | {area.strip()}
    for area, targets in allowed.items():
        unknown = targets - allowed.keys()
        if unknown:
            sys.exit(f"{path}: area {area!r} names unknown areas {sorted(unknown)}")
    return allowed, forbidden


def area_of(header, areas=()):
    """The area of an include path 'submeter/<area>/...' or 'submeter/<area>.hpp', else None. A
    sub-area the table names ('submeter/<area>/<sub>/...' as '<area>/<sub>') is its own area."""
    parts = header.split("/")
    if len(parts) < 2 or parts[0] != "submeter":
        return None
    if len(parts) > 3 and f"{parts[1]}/{parts[2]}" in areas:
        return f"{parts[1]}/{parts[2]}"
    if len(parts) == 3 and parts[2].endswith(".hpp") and f"{parts[1]}/{parts[2][:-4]}" in areas:
        return f"{parts[1]}/{parts[2][:-4]}"  # the sub-area's umbrella header
    return parts[1][:-4] if len(parts) == 2 and parts[1].endswith(".hpp") else parts[1]


def headers(root):
    for base in (root / "include", root / "meters" / "include"):
        for path in sorted((base / "submeter").rglob("*.hpp")):
            yield path, path.relative_to(base).as_posix()


def check(root, allowed, forbidden):
    problems, count = [], 0
    for path, name in headers(root):
        count += 1
        area = area_of(name, allowed)
        if area not in allowed:
            problems.append(f"{path}:1: area {area!r} is not in the allowed-edges table")
            continue
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(2)
            for f in forbidden:
                if target == f or (f.endswith("/") and target.startswith(f)):
                    problems.append(f"{path}:{number}: {area} includes <{target}>, "
                                    f"forbidden in the pure core")
            to = area_of(target, allowed)
            if to is None:
                continue
            if to not in allowed:
                problems.append(f"{path}:{number}: {area} -> {to} ({target}): unknown area")
            elif to != area and to not in allowed[area]:
                problems.append(f"{path}:{number}: {area} -> {to} ({target}) is not an allowed "
                                f"edge (allowed: {' '.join(sorted(allowed[area]))})")
    return problems, count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=pathlib.Path)
    parser.add_argument("--table", type=pathlib.Path,
                        default=pathlib.Path(__file__).with_name("allowed_edges.txt"))
    args = parser.parse_args()
    allowed, forbidden = read_table(args.table)
    problems, count = check(args.root, allowed, forbidden)
    if count == 0:
        print(f"layering: no headers under {args.root}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    if problems:
        print(f"layering: {len(problems)} edge(s) against the table in {count} headers")
        return 1
    print(f"layering: {count} headers, every include edge allowed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
