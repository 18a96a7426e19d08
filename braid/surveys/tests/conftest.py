from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_guess_counter():  # type: ignore[no-untyped-def]
    """Each test starts with no unknown-link misses counted for the test client's address."""
    cache.delete("surveys:miss:127.0.0.1")
    yield
    cache.delete("surveys:miss:127.0.0.1")
