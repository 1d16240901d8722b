#!/usr/bin/python3
"""Keeps the docs true: runs the examples of a docs page and checks the reference pages.

    check_docs.py --source DIR --cli EXE page PAGE.md [--update]
    check_docs.py --source DIR --cli EXE cli-reference docs/reference/cli.md
    check_docs.py --source DIR python-reference docs/reference/python.md
    check_docs.py --source DIR headers-reference docs/reference/headers.md
    check_docs.py --source DIR index docs/README.md

`page` runs, in page order and in one scratch directory holding copies of the repository's
examples/, tests/data/ and src/data/:

- a fenced block whose info string has ``file=PATH`` (```json file=my-tou.json): its text is
  written to PATH, so later examples can use it;
- a ```console block: every ``$ submeter ARGS`` line runs the built program (argv[0] is
  "submeter", so help texts print as a reader sees them); the lines up to the next ``$`` are its
  expected stdout followed by its stderr, compared exactly (trailing blanks ignored). A line
  ``...`` alone matches any number of lines. ``# exit N`` at the end of a command expects exit
  status N (default 0). ``> FILE`` at the end sends stdout to FILE instead. A block marked
  ``requires=CMD`` (```console requires=read, or requires=configure/send for a nested
  subcommand) runs only when the build has ``submeter CMD``; one marked ``modbus-sim=PORT`` runs
  with the simulated Acrel DDSY1352 of the transport tests (tests/meters/transport/acrel_sim.py,
  the registers of tests/cli/read_modbus_case.py) listening on a free port, which stands for PORT
  in the commands and the output; one marked ``dlt645-sim=PORT`` likewise with the simulated
  DL/T 645 meter 000000001234 (tests/meters/transport/dlt645_sim.py), which keeps what the
  block's commands write;
- a ```python block with ``>>>`` prompts: a doctest (ELLIPSIS on), with the page's examples
  sharing one namespace, run in the scratch directory with the built module on PYTHONPATH.

Relative links and their #anchors (GitHub's heading slugs) must resolve. On a mismatch it prints
the page, the line, the command and a unified diff; ``--update`` rewrites the expected output of
console blocks (those without ``...``) in place from the actual output. The reference modes check
that every CLI subcommand, every public Python name (of the package and of each submodule) and
class member, every deprecated Python name with the name to use instead, and every public header
is on its reference page, and nothing that does not exist is; `index` checks that docs/README.md
links every page and that no page of docs/ has a broken link.
"""

import argparse
import difflib
import doctest
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(\s*)```(.*)$")
EXIT = re.compile(r"#\s*exit(?:\s+status)?\s+(\d+)\s*$")


class Block:
    """A fenced code block: its info string, its text lines and where they are in the page."""

    def __init__(self, info, first_line, lines):
        self.info = info.strip()
        self.kind = self.info.split()[0] if self.info else ""
        self.first_line = first_line  # 1-based line number of the first text line
        self.lines = lines

    def option(self, name):
        m = re.search(r"(?:^|\s)" + name + r"=(\S+)", self.info)
        return m.group(1) if m else None


def blocks_of(text):
    """Every fenced block of a markdown page, in order."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, info = m.group(1), m.group(2)
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith("```"):
            j += 1
        body = [ln[len(indent):] if ln.startswith(indent) else ln for ln in lines[i + 1:j]]
        out.append(Block(info, i + 2, body))
        i = j + 1
    return out


class Failure(Exception):
    pass


def matches(expected, actual):
    """Line-wise comparison where an expected line '...' matches any run of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


def trim(lines):
    lines = [ln.rstrip() for ln in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def prepare_scratch(source, scratch):
    for rel in ("examples", "tests/data", "src/data"):
        src = source / rel
        if src.exists():
            shutil.copytree(src, scratch / rel, ignore=shutil.ignore_patterns("__pycache__"))


def parse_console(block):
    """[(line number, command text, expected lines)] of a console block."""
    steps, i, lines = [], 0, block.lines
    while i < len(lines):
        if not lines[i].startswith("$ "):
            if lines[i].strip():
                raise Failure(f"line {block.first_line + i}: output before any '$ ' command")
            i += 1
            continue
        start, cmd = i, lines[i][2:]
        while cmd.endswith("\\") and i + 1 < len(lines):
            i += 1
            cmd = cmd[:-1] + " " + lines[i].strip()
        i += 1
        out_first = i
        while i < len(lines) and not lines[i].startswith("$ "):
            i += 1
        steps.append((block.first_line + start, cmd, lines[out_first:i], out_first, i))
    return steps


def run_command(cmd, cli, scratch, port_map=None):
    m = EXIT.search(cmd)
    want_status = int(m.group(1)) if m else 0
    args = shlex.split(cmd, comments=True)
    if not args or args[0] != "submeter":
        raise Failure(f"only 'submeter ...' commands run in docs examples, not: {cmd}")
    redirect = None
    if len(args) >= 3 and args[-2] == ">":
        redirect, args = args[-1], args[:-2]
    if port_map:
        shown, real = port_map
        args = [a.replace(f":{shown}", f":{real}") for a in args]
    p = subprocess.run(args, executable=cli, cwd=scratch, capture_output=True, text=True,
                       env=dict(os.environ, NO_COLOR="1"))
    stdout = p.stdout
    if redirect:
        (scratch / redirect).parent.mkdir(parents=True, exist_ok=True)
        (scratch / redirect).write_text(stdout, encoding="utf-8")
        stdout = ""
    text = (stdout + p.stderr).replace(str(scratch) + "/", "")
    if port_map:
        text = text.replace(f":{port_map[1]}", f":{port_map[0]}")
    return p.returncode, want_status, text.split("\n")


class ModbusSimulator:
    """The simulated Acrel DDSY1352 of the transport tests on a free port, stopped by its PID."""

    def __init__(self, source):
        sys.path.insert(0, str(source / "tests" / "cli"))
        import read_modbus_case  # noqa: PLC0415 (the registers the CLI tests serve)
        self.port = read_modbus_case.free_port()
        self.server = subprocess.Popen(
            ["/usr/bin/python3", str(source / "tests/meters/transport/acrel_sim.py"),
             str(self.port), "1", *read_modbus_case.REGISTERS],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        if self.server.stdout.readline().strip() != "ready":
            self.stop()
            raise Failure("the pymodbus simulator did not start")

    def stop(self):
        self.server.terminate()
        self.server.wait(timeout=10)


class Dlt645Simulator:
    """The simulated DL/T 645 meter 000000001234 of the transport tests on a free port."""

    def __init__(self, source):
        sys.path.insert(0, str(source / "tests" / "cli"))
        import read_modbus_case  # noqa: PLC0415 (free_port)
        self.port = read_modbus_case.free_port()
        self.server = subprocess.Popen(
            ["/usr/bin/python3", str(source / "tests/meters/transport/dlt645_sim.py"),
             str(self.port), "000000001234"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        if self.server.stdout.readline().strip() != "ready":
            self.stop()
            raise Failure("the DL/T 645 simulator did not start")

    def stop(self):
        self.server.terminate()
        self.server.wait(timeout=10)


def check_page(page, source, cli, update):
    text = page.read_text(encoding="utf-8")
    failures, edits, globs = [], [], {"__name__": "__docs__"}
    with tempfile.TemporaryDirectory(prefix="submeter-docs-") as tmp:
        scratch = pathlib.Path(tmp).resolve()
        prepare_scratch(source, scratch)
        old_cwd = os.getcwd()
        os.chdir(scratch)
        try:
            for block in blocks_of(text):
                target = block.option("file")
                try:
                    if target:
                        path = scratch / target
                        path.parent.mkdir(parents=True, exist_ok=True)
                        path.write_text("\n".join(block.lines) + "\n", encoding="utf-8")
                    elif block.kind == "console":
                        if cli is None:
                            raise Failure("console examples need --cli")
                        if not available(block, cli):
                            continue
                        sim, port_map = None, None
                        if block.option("modbus-sim"):
                            sim = ModbusSimulator(source)
                            port_map = (block.option("modbus-sim"), sim.port)
                        elif block.option("dlt645-sim"):
                            sim = Dlt645Simulator(source)
                            port_map = (block.option("dlt645-sim"), sim.port)
                        try:
                            steps = [(ln, cmd, exp, first, end, *run_command(cmd, cli, scratch,
                                                                             port_map))
                                     for ln, cmd, exp, first, end in parse_console(block)]
                        finally:
                            if sim:
                                sim.stop()
                        for line_no, cmd, expected, first, end, status, want, actual in steps:
                            exp, act = trim(expected), trim(actual)
                            ok = matches(exp, act) and status == want
                            if ok:
                                continue
                            if update and "..." not in exp and status == want:
                                edits.append(
                                    (block.first_line + first, block.first_line + end, act))
                                continue
                            diff = "\n".join(difflib.unified_diff(
                                exp, act, "documented", "actual", lineterm=""))
                            msg = f"{page}:{line_no}: $ {cmd}\n"
                            if status != want:
                                msg += f"  exit status {status}, documented {want}\n"
                            failures.append(msg + (diff or "  (output matches)"))
                    elif block.kind in ("python", "pycon") and any(
                            ln.startswith(">>>") for ln in block.lines):
                        failures += run_doctest(page, block, globs)
                except Failure as e:
                    failures.append(f"{page}:{block.first_line}: {e}")
        finally:
            os.chdir(old_cwd)
    if edits:
        lines = text.split("\n")
        for first, end, act in sorted(edits, reverse=True):  # 1-based [first, end) page lines
            lines[first - 1:end - 1] = act
        page.write_text("\n".join(lines), encoding="utf-8")
        print(f"updated {len(edits)} example outputs in {page}")
    failures += check_links(page, text)
    return failures


def run_doctest(page, block, globs):
    parser = doctest.DocTestParser()
    test = parser.get_doctest("\n".join(block.lines) + "\n", globs, str(page), str(page),
                              block.first_line - 1)
    report = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
    runner.run(test, out=report.append, clear_globs=False)
    globs.update(test.globs)  # DocTest copies the namespace; the page's next examples share it
    return ["".join(report)] if report else []


def slug(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[`*]|\[|\]\([^)]*\)", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)  # no headings inside code
    return {slug(h) for h in re.findall(r"^#+\s+(.*)$", text, re.M)}


def check_links(page, text):
    """Relative links of a page must point at files that exist, and at headings that exist."""
    out = []
    for target, anchor in re.findall(r"\]\(([^)#\s]*)(?:#([^)\s]*))?\)", text):
        if re.match(r"^[a-z]+:", target) or not (target or anchor):
            continue
        path = (page.parent / target) if target else page
        if not path.exists():
            out.append(f"{page}: broken link to {target}")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            out.append(f"{page}: no heading #{anchor} in {target or page.name}")
    return out


# --- reference pages -------------------------------------------------------------------------

def available(block, cli):
    """False for a block marked requires=CMD when this build has no `submeter CMD` (`read` and
    `configure send` need libmodbus); CMD may be a path, configure/send."""
    need = block.option("requires")
    if need is None:
        return True
    path = need.split("/")
    return all(path[i] in subcommands(help_of(cli, path[:i])) for i in range(len(path)))


def help_of(cli, path):
    p = subprocess.run(["submeter", *path, "--help"], executable=cli, capture_output=True,
                       text=True)
    return p.stdout


def subcommands(help_text):
    """Names listed under the SUBCOMMANDS section of a CLI11 help text."""
    names, inside = [], False
    for line in help_text.split("\n"):
        if line.strip().upper().startswith("SUBCOMMANDS"):
            inside = True
            continue
        if inside:
            if not line.strip() or not line.startswith(" "):
                if names:
                    break
                continue
            names.append(line.split()[0])
    return names


def command_tree(cli, path=()):
    yield path
    for name in subcommands(help_of(cli, list(path))):
        yield from command_tree(cli, (*path, name))


def check_cli_reference(page, cli):
    text = page.read_text(encoding="utf-8")
    documented = set()
    for block in blocks_of(text):
        if block.kind != "console" or not available(block, cli):
            continue
        for ln in block.lines:
            m = re.match(r"^\$ submeter((?: [a-z0-9-]+)*) --help\s*$", ln)
            if m:
                documented.add(tuple(m.group(1).split()))
    failures = []
    tree = list(command_tree(cli))
    for path in tree:
        if path not in documented:
            name = " ".join(("submeter",) + path)
            failures.append(
                f"{page}: `{name}` is not documented. Add it (its help is checked exactly):\n\n"
                f"```console\n$ {name} --help\n{help_of(cli, list(path)).rstrip()}\n```\n")
    for path in sorted(documented - set(tree)):
        failures.append(f"{page}: documents `submeter {' '.join(path)}`, which does not exist")
    return failures


def public_names():
    """Every public name of the package: dir(submeter) and the `__all__` of each submodule."""
    import submeter  # noqa: PLC0415 (needs PYTHONPATH)
    names = {f"submeter.{n}" for n in dir(submeter)
             if not n.startswith("_") and n != "pathlib"} | {"submeter.__version__"}
    for n in dir(submeter):
        module = getattr(submeter, n)
        if (n.startswith("_") or not isinstance(module, type(sys))
                or module.__name__ != f"submeter.{n}"):
            continue
        exported = getattr(module, "__all__", None) or [
            x for x in dir(module) if not x.startswith("_")]
        names |= {f"submeter.{n}.{x}" for x in exported
                  if not isinstance(getattr(module, x), type(sys))}
    return names


def deprecated_names():
    """{old: new} of the flat names kept one release with a DeprecationWarning."""
    import submeter  # noqa: PLC0415
    return {f"submeter.{old}": f"submeter.{new}"
            for old, new in getattr(submeter, "_deprecated", {}).items()}


def check_python_reference(page):
    text = page.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|\s*`(submeter(?:\.[A-Za-z_]\w*)+)", text, re.M))
    have = public_names()
    deprecated = deprecated_names()
    failures = [f"{page}: `{n}` is public (dir(submeter)) but not on the page; add a table row "
                f"| `{n}` | what it does |" for n in sorted(have - documented)]
    failures += [f"{page}: documents `{n}`, which `import submeter` does not have"
                 for n in sorted(documented - have - deprecated.keys())]
    # A deprecated name's row names the name to use instead: | `submeter.old` | `submeter.new` |
    row_list = re.findall(r"^\|\s*`(submeter(?:\.\w+)+)`\s*\|([^|]*)\|", text, re.M)
    rows = dict(row_list)
    for old, new in sorted(deprecated.items()):
        if old not in rows:
            failures.append(f"{page}: `{old}` is deprecated (submeter._deprecated) but not on the "
                            f"page; add a row | `{old}` | `{new}` |")
        elif f"`{new}`" not in rows[old]:
            failures.append(f"{page}: the row of deprecated `{old}` does not name `{new}`")
    # A class's row names (`name` or `name(...)`) every public member, and only those.
    import submeter  # noqa: PLC0415
    for name, what in row_list:
        if name in deprecated:
            continue
        obj = submeter
        for part in name.split(".")[1:]:
            obj = getattr(obj, part, None)
        if not isinstance(obj, type) or issubclass(obj, BaseException):
            continue  # an exception's code/context/status are set when it is raised
        named = set(re.findall(r"`([a-z_][a-z0-9_]*)(?:\(|`)", what))
        failures += [f"{page}: the row of `{name}` names `{m}`, which it does not have"
                     for m in sorted(named) if not hasattr(obj, m)]
        failures += [f"{page}: `{name}.{m}` is public but its row does not name it (`{m}`)"
                     for m in sorted(dir(obj)) if not m.startswith("_") and m not in named]
    return failures


def public_headers(source):
    roots = [source / "include", source / "meters" / "include",
             source / "meters" / "transport" / "include"]
    return {str(h.relative_to(r)) for r in roots if r.exists() for h in r.rglob("*.hpp")}


def check_headers_reference(page, source):
    text = page.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|\s*`(submeter/[\w/]+\.hpp)`", text, re.M))
    have = public_headers(source)
    failures = [f"{page}: header <{h}> is not on the page; add a row | `{h}` | its purpose |"
                for h in sorted(have - documented)]
    failures += [f"{page}: lists <{h}>, which does not exist" for h in sorted(documented - have)]
    return failures


def check_index(page):
    """The index links every page of docs/, and no page of docs/ has a broken link."""
    text = page.read_text(encoding="utf-8")
    docs = page.parent
    linked = {(page.parent / t).resolve() for t in re.findall(r"\]\(([^)#\s]+\.md)", text)}
    failures = [f"{page}: {p.relative_to(docs)} is not linked from the index"
                for p in sorted(docs.rglob("*.md")) if p.resolve() != page.resolve()
                and p.resolve() not in linked]
    for other in sorted(docs.rglob("*.md")):  # every page's links and anchors, old pages too
        failures += check_links(other, other.read_text(encoding="utf-8"))
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=pathlib.Path, required=True)
    ap.add_argument("--cli")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("mode", choices=["page", "cli-reference", "python-reference",
                                     "headers-reference", "index"])
    ap.add_argument("pages", nargs="+", type=pathlib.Path)
    a = ap.parse_args()
    source = a.source.resolve()
    cli = str(pathlib.Path(a.cli).resolve()) if a.cli else None
    failures = []
    for page in a.pages:
        page = page if page.is_absolute() else source / page
        if a.mode == "page":
            failures += check_page(page, source, cli, a.update)
        elif a.mode == "cli-reference":
            failures += check_cli_reference(page, cli)
        elif a.mode == "python-reference":
            failures += check_python_reference(page)
        elif a.mode == "headers-reference":
            failures += check_headers_reference(page, source)
        else:
            failures += check_index(page)
    for f in failures:
        print(f, end="\n\n")
    if failures:
        print(f"{len(failures)} docs problem(s).")
        if any("--- documented" in f for f in failures):
            print(f"To take the program's output as the new text of those console examples: "
                  f"{sys.argv[0]} --source {source} --cli {cli} --update page PAGE.md")
        return 1
    print(f"ok: {', '.join(str(p) for p in a.pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
