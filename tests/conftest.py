import pytest

from doxwacht import Engine
from tests.live_support import redis_server, redis_url  # noqa: F401  (the live tests' redis-server)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()
