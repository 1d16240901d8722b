import os
import pathlib

import pytest

SOURCE_DIR = pathlib.Path(
    os.environ.get("SUBMETER_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture
def example_site_dir():
    return SOURCE_DIR / "examples" / "site"


@pytest.fixture
def v0_sample_dir():
    """The format-v0 sample site (the repository's first examples/site)."""
    return SOURCE_DIR / "tests" / "data" / "sites" / "v0-sample"


@pytest.fixture
def sites_dir():
    return SOURCE_DIR / "tests" / "data" / "sites"


def pytest_configure(config):
    # The tests use today's names: a deprecated flat name (submeter.flat_tariff, …) is an error
    # here, except where test_deprecated.py expects its warning (pytest.warns).
    config.addinivalue_line("filterwarnings",
                            r"error:submeter\..* is deprecated:DeprecationWarning")
