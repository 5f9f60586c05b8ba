"""Network synthesis: block sizes and standard transformer ratings."""
from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from enernet.scenarios.world.network import split_evenly_with_jitter, standard_rating_kva


@given(st.integers(1, 5000), st.integers(1, 50), st.integers(0, 2**32 - 1))
def test_split_covers_every_item_with_non_empty_blocks(total, parts, seed):
    parts = min(parts, total)
    sizes = split_evenly_with_jitter(total, parts, np.random.default_rng(seed))
    assert sizes.sum() == total and sizes.min() >= 1 and sizes.size == parts


def test_standard_rating_is_the_smallest_that_covers():
    ratings = [25, 50, 63, 100]
    np.testing.assert_array_equal(standard_rating_kva(np.array([10, 50, 50.1, 99, 500]), ratings),
                                  [25, 50, 63, 100, 100])


def test_transformer_losses_follow_the_ecodesign_tier2_table():
    """Regulation (EU) 548/2014, Annex I Table I.1, Tier 2: a 250 kVA transformer may lose at most
    2,350 W under rated load (A_k) and 270 W at no load (A_0 - 10 %); a 400 kVA one 3,250 W and 387 W.
    A rating between two rows interpolates linearly (200 kVA: halfway between 160 and 250 kVA by
    rating is 4/9 of the way: 1,750 + 4/9 x 600 W); below 25 kVA, losses keep 25 kVA's share."""
    from enernet.scenarios.world.transformer_losses import tabulated_losses_kw

    no_load, load = tabulated_losses_kw([250, 400, 200, 12.5])
    np.testing.assert_allclose(no_load * 1000, [270, 387, 189 + 40 / 90 * 81, 31.5])
    np.testing.assert_allclose(load * 1000, [2350, 3250, 1750 + 40 / 90 * 600, 300])
