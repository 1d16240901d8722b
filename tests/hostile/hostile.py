"""The hostile-input contract, checked (DESIGN.md "Errors", docs/reference/cli.md "Errors").

A refused input, on the command line: exit status 1, stdout empty, the first line of stderr
`submeter: error: <code>: <message> [<context>]` naming the file and the place, and **nothing
written**: every file under the watched folders (the case's scratch folder, its ledger, its output
folder) has the same bytes, and no file appeared or vanished. From Python: `submeter.Error` (or
`TypeError`, or `ValueError` where the caller passed a wrong value), never `RuntimeError`,
`SystemError`, `UnicodeDecodeError` or a dead interpreter (each call runs in a child process).

Every case in tests/hostile/test_*.py uses these helpers; see README.md for how to add one.
"""
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys

SOURCE = pathlib.Path(os.environ.get("SUBMETER_SOURCE_DIR",
                                     pathlib.Path(__file__).resolve().parents[2]))
SITES = SOURCE / "tests" / "data" / "sites"
CLI = os.environ.get("SUBMETER_CLI", "")
PYTHON = os.environ.get("SUBMETER_PYTHON", "/usr/bin/python3")
TIMEOUT = 120


def snapshot(*roots):
    """Every file below `roots` (a file or a folder) and its SHA-256; missing roots count too."""
    state = {}
    for root in roots:
        root = pathlib.Path(root)
        if root.is_file():
            state[str(root)] = hashlib.sha256(root.read_bytes()).hexdigest()
        elif root.is_dir():
            for p in sorted(root.rglob("*")):
                if p.is_file() and not p.is_symlink():
                    state[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            state[str(root)] = None
    return state


def site_copy(tmp_path, name="good", to="site"):
    """A scratch copy of tests/data/sites/<name> at tmp_path/<to>."""
    dst = pathlib.Path(tmp_path) / to
    shutil.copytree(SITES / name, dst)
    return dst


def edit_json(path, change):
    """Loads the JSON file at `path`, calls change(document) (which edits it in place or returns a
    new one) and writes it back."""
    path = pathlib.Path(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    new = change(doc)
    path.write_text(json.dumps(doc if new is None else new, ensure_ascii=False, indent=2),
                    encoding="utf-8")


def run(argv, cwd, stdin=None, env=None):
    """Runs `submeter argv...` in `cwd`; returns the CompletedProcess (bytes)."""
    assert CLI, "SUBMETER_CLI is not set: run the corpus through ctest (label hostile)"
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([CLI] + [str(a) for a in argv], cwd=cwd, stdin=stdin,
                          capture_output=True, timeout=TIMEOUT, env=full_env)


def expect_refused(argv, cwd, code, names=(), watch=(), status=1):
    """Runs the CLI and checks the contract for a refused input: `status` (1), empty stdout, stderr
    starting `submeter: error: <code>` and containing each of `names` (the file, the place), one
    line, and nothing changed below `cwd` and the `watch` paths. Returns stderr as text."""
    roots = [cwd, *watch]
    before = snapshot(*roots)
    r = run(argv, cwd)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == status, f"exit {r.returncode}, want {status}; stderr: {err[:2000]}"
    assert r.stdout == b"", f"stdout not empty: {r.stdout[:500]!r}"
    assert err.startswith(f"submeter: error: {code}"), f"stderr: {err[:2000]}"
    for n in names:
        assert str(n) in err, f"{n!r} not named in stderr: {err[:2000]}"
    assert len(err) < 8192, f"stderr is {len(err)} bytes: a message must not echo whole input"
    after = snapshot(*roots)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert not changed, f"written although refused: {changed}"
    return err


def expect_ok(argv, cwd):
    """Runs the CLI and expects exit 0; returns (stdout, stderr) as text."""
    r = run(argv, cwd)
    out, err = r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
    assert r.returncode == 0, f"exit {r.returncode}; stderr: {err[:2000]}"
    return out, err


def python_raises(code, allowed=("Error", "TypeError", "ValueError"), cwd=None):
    """Runs `code` in a child /usr/bin/python3 with the built module; it must raise. Checks the
    child is alive to report (no crash, no abort) and that the exception's class is one of
    `allowed` (submeter.Error's subclasses count as Error). Returns the exception's text."""
    wrapper = (
        "import submeter, sys\n"
        "try:\n" + "".join(f"    {line}\n" for line in code.strip().splitlines()) +
        "except BaseException as e:\n"
        "    kind = 'Error' if isinstance(e, submeter.Error) else type(e).__name__\n"
        "    sys.stdout.write(kind + '\\n' + str(e)[:4000])\n"
        "else:\n"
        "    sys.stdout.write('NO EXCEPTION')\n")
    r = subprocess.run([PYTHON, "-c", wrapper], capture_output=True, timeout=TIMEOUT, cwd=cwd)
    out = r.stdout.decode("utf-8", "replace")
    assert r.returncode == 0, (f"the interpreter died (status {r.returncode}): "
                               f"{r.stderr.decode('utf-8', 'replace')[-2000:]}")
    kind, _, text = out.partition("\n")
    assert kind in allowed, f"raised {kind}, want one of {allowed}: {text[:2000]}"
    return text
