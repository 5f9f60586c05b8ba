"""Network synthesis: block sizes and standard transformer ratings."""
from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from scenarios.network import split_evenly_with_jitter, standard_rating_kva


@given(st.integers(1, 5000), st.integers(1, 50), st.integers(0, 2**32 - 1))
def test_split_covers_every_item_with_non_empty_blocks(total, parts, seed):
    parts = min(parts, total)
    sizes = split_evenly_with_jitter(total, parts, np.random.default_rng(seed))
    assert sizes.sum() == total and sizes.min() >= 1 and sizes.size == parts


def test_standard_rating_is_the_smallest_that_covers():
    ratings = [25, 50, 63, 100]
    np.testing.assert_array_equal(standard_rating_kva(np.array([10, 50, 50.1, 99, 500]), ratings),
                                  [25, 50, 63, 100, 100])
