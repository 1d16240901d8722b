"""The typed stubs (.pyi) describe the package as built: for the top and for every submodule,
the stub names exactly what the module exports, each class's public members, and each function's
and method's parameters (names, order, keyword-only, which have defaults) as they are bound."""
import ast
import inspect
import pathlib

import pytest

import submeter

PACKAGE = pathlib.Path(submeter.__file__).parent
AREAS = ["allocation", "bill", "calendar", "ledger", "metering", "meters", "rerate", "site",
         "tariff", "vee"]


def stub_names(name):
    """{name: ast node} of what a stub file defines or re-exports (`import x as x`)."""
    tree = ast.parse((PACKAGE / f"{name}.pyi").read_text(encoding="utf-8"))
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            names[node.target.id] = node
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.asname and alias.asname == alias.name:
                    names[alias.asname] = node
    return names


def public_stub_names(name):
    return {n for n in stub_names(name) if not n.startswith("_") and n != "DecimalInput"}


def split_top_level(text):
    """'a: Dict[int, str], b: int = 1' -> ['a: Dict[int, str]', 'b: int = 1']."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    if text[start:].strip():
        parts.append(text[start:].strip())
    return parts


def bound_parameters(fn):
    """[(name, keyword_only, has_default)] of a function as bound, self left out."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        sig = None
    if sig is not None:
        return [(p.name, p.kind == p.KEYWORD_ONLY, p.default is not p.empty)
                for p in sig.parameters.values() if p.name != "self"]
    first = fn.__doc__.split("\n", 1)[0]  # pybind11: "name(a: int, *, b: str = 'x') -> T"
    inner = first[first.index("(") + 1:first.rindex(") ->")]
    out, keyword_only = [], False
    for part in split_top_level(inner):
        if part == "*":
            keyword_only = True
            continue
        name = part.split(":")[0].split("=")[0].strip()
        if name != "self":
            out.append((name, keyword_only, "=" in part))
    return out


def stub_parameters(node):
    a = node.args
    positional = a.posonlyargs + a.args
    defaults = [False] * (len(positional) - len(a.defaults)) + [True] * len(a.defaults)
    out = [(p.arg, False, d) for p, d in zip(positional, defaults) if p.arg != "self"]
    out += [(p.arg, True, d is not None) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    return out


def test_top_level_stub_lists_every_export():
    assert sorted(set(submeter.__all__) - set(stub_names("__init__"))) == []
    assert sorted(public_stub_names("__init__") - set(submeter.__all__)) == []


@pytest.mark.parametrize("area", AREAS)
def test_stub_lists_what_the_submodule_exports(area):
    module = getattr(submeter, area)
    assert sorted(set(module.__all__) - set(stub_names(area))) == []
    assert sorted(public_stub_names(area) - set(module.__all__)) == []


@pytest.mark.parametrize("area", AREAS)
def test_stub_classes_name_every_public_member(area):
    module = getattr(submeter, area)
    for name, node in stub_names(area).items():
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(module, name)
        if issubclass(cls, BaseException):
            continue  # an exception's code/context/status are set when it is raised
        in_stub = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
        in_stub |= {n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
        bound = {m for m in dir(cls) if not m.startswith("_")}
        assert (name, sorted(bound - in_stub)) == (name, [])
        assert (name, sorted({m for m in in_stub if not m.startswith("_")} - bound)) == (name, [])


@pytest.mark.parametrize("area", AREAS)
def test_stub_parameters_match_the_bound_functions(area):
    module = getattr(submeter, area)
    checked = 0
    for name, node in stub_names(area).items():
        if isinstance(node, ast.FunctionDef):
            pairs = [(name, getattr(module, name), node)]
        elif isinstance(node, ast.ClassDef) and not issubclass(getattr(module, name),
                                                                 BaseException):
            cls = getattr(module, name)
            pairs = [(f"{name}.{m.name}", getattr(cls, m.name), m) for m in node.body
                     if isinstance(m, ast.FunctionDef) and callable(getattr(cls, m.name))
                     and not any(isinstance(d, ast.Name) and d.id == "property"
                                 for d in m.decorator_list)]
        else:
            continue
        for what, fn, stub in pairs:
            assert (what, stub_parameters(stub)) == (what, bound_parameters(fn))
            checked += 1
    assert checked > 0
