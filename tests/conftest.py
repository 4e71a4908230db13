import pytest

from doxwacht import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()
