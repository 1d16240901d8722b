"""The typed stubs list everything the package exports."""
import pathlib

import submeter


def test_every_export_has_a_stub():
    stub = (pathlib.Path(submeter.__file__).parent / "__init__.pyi").read_text(encoding="utf-8")
    missing = [name for name in submeter.__all__ if name not in stub]
    assert missing == []
