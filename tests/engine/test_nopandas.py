"""The import hook that keeps pandas out of a scan worker."""

from __future__ import annotations

import subprocess
import sys

import pytest

from breachscope.engine.nopandas import NoPandas


@pytest.mark.parametrize("name", ["pandas", "pandas.core.frame"])
def test_pandas_is_refused(name: str) -> None:
    with pytest.raises(ModuleNotFoundError, match="scan worker"):
        NoPandas().find_spec(name, None)


@pytest.mark.parametrize("name", ["pyarrow", "pandasx", "numpy.pandas"])
def test_other_modules_are_left_to_the_other_finders(name: str) -> None:
    assert NoPandas().find_spec(name, None) is None


def test_pyarrow_converts_numpy_without_pandas() -> None:
    code = (
        "import sys\n"
        "from breachscope.engine.nopandas import NoPandas\n"
        "sys.meta_path.insert(0, NoPandas())\n"
        "import numpy as np, pyarrow as pa\n"
        "a = pa.array(np.arange(3))\n"
        "b = pa.array(np.array([True, False]), mask=np.array([False, True]))\n"
        "print(a.to_pylist(), b.to_pylist(), 'pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[0,", "1,", "2]", "[True,", "None]", "False"]
