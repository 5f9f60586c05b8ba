"""The counter-based normals of the load noise (``cext.noise``) against independent oracles."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from enernet.cext import noise
from enernet.sim.rng import counter_keys

MASK64 = (1 << 64) - 1


def splitmix64_reference(seed: int, count: int) -> list[int]:
    """Vigna's splitmix64.c, transcribed: x += golden gamma, then the variant-13 mixer."""
    out, x = [], seed
    for _ in range(count):
        x = (x + 0x9E3779B97F4A7C15) & MASK64
        z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        out.append(z ^ (z >> 31))
    return out


def test_splitmix64_gives_the_published_sequence():
    """Seed 1234567: the first five outputs published with the algorithm's Rosetta Code task
    ("Pseudo-random numbers/Splitmix64"), and a longer run against the transcription above."""
    assert noise.splitmix64(1234567, 5) == [6457827717110365317, 3203168211198807973, 9817491932198370423,
                                            4593380528125082431, 16408922859458223821]
    assert noise.splitmix64(2**64 - 1, 1000) == splitmix64_reference(2**64 - 1, 1000)


@pytest.mark.parametrize("seed", [0, 42])
def test_ziggurat_makes_numpys_normals_from_the_same_words(seed):
    """numpy's ``standard_normal`` is the same 256-layer ziggurat on 64-bit words: fed PCG64's raw
    words, ours must take the same words (rejections included) and give the same numbers (its
    tables are numpy's to about 1e-14, computed here from R rather than copied)."""
    count = 300_000
    words = np.random.PCG64(seed).random_raw(count + count // 10).astype(np.uint64)
    ours = np.empty(count)
    used = noise.normals_from_words(words, ours)
    generator = np.random.Generator(np.random.PCG64(seed))
    expected = generator.standard_normal(count)
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-14)
    after_ours = np.random.PCG64(seed)
    after_ours.advance(used)
    assert after_ours.random_raw() == generator.bit_generator.random_raw()  # same words consumed
    assert used > count  # some draws were rejected and took more words, so that path was checked


def test_too_few_words_is_an_error_not_a_read_past_the_end():
    with pytest.raises(ValueError, match="too few"):
        noise.normals_from_words(np.zeros(10, dtype=np.uint64), np.empty(10))


def test_draws_are_standard_normal_and_uncorrelated():
    """Kolmogorov-Smirnov against scipy's normal, the first four moments, the far tail (the
    ziggurat's base strip), and no correlation between neighbouring counters (household to
    household and interval to interval in the noise table)."""
    key1, key2 = counter_keys(7, "load_noise")
    n = 1000
    table = np.empty((400, n))
    for row in range(table.shape[0]):
        noise.fill_normals(key1, key2, row * n, table[row])
    z = table.ravel()
    assert stats.kstest(z, "norm").pvalue > 1e-3
    assert abs(z.mean()) < 5 / np.sqrt(z.size)
    assert abs(z.var() - 1) < 5 * np.sqrt(2 / z.size)
    assert abs(stats.skew(z)) < 5 * np.sqrt(6 / z.size)
    assert abs(stats.kurtosis(z)) < 5 * np.sqrt(24 / z.size)
    tail = (np.abs(z) > 3.6541528853610088).mean()  # beyond R: the tail algorithm's draws
    assert abs(tail - 2 * stats.norm.sf(3.6541528853610088)) < 5 * np.sqrt(2 * stats.norm.sf(3.65) / z.size)
    for a, b in ((table[:, :-1], table[:, 1:]), (table[:-1], table[1:])):
        assert abs(np.corrcoef(a.ravel(), b.ravel())[0, 1]) < 5 / np.sqrt(a.size)


def test_a_draw_depends_only_on_its_keys_and_counter():
    key1, key2 = counter_keys(3, "load_noise")
    block = np.empty(500)
    noise.fill_normals(key1, key2, 12_000, block)
    assert [noise.normal(key1, key2, 12_000 + h) for h in (0, 17, 499)] == [block[0], block[17], block[499]]
    other = np.empty(500)
    noise.fill_normals(*counter_keys(4, "load_noise"), 12_000, other)
    assert not np.any(other == block)


def test_ar1_kernel_repeats_the_interval_steps_bit_for_bit():
    """A day block of the AR(1) noise equals 96 interval steps made with numpy, as
    ``sim.metering.HouseholdLoads.next`` makes them."""
    key1, key2 = counter_keys(11, "load_noise")
    n, steps, phi, sigma = 37, 96, 0.85, 0.3
    innovation_sigma, half_variance = sigma * np.sqrt(1 - phi**2), 0.5 * sigma**2
    start = np.empty(n)
    noise.fill_normals(key1, key2, 0, start)
    start *= sigma
    log_noise, log_factor = start.copy(), np.empty((n, steps))
    for first, last in ((0, 20), (20, n)):  # in two blocks of households, as the day batch goes
        noise.ar1_log_factors(key1, key2, 5, log_noise, first, phi, innovation_sigma, half_variance,
                              log_factor[first:last])
    x, z = start.copy(), np.empty(n)
    for k in range(steps):
        assert np.array_equal(log_factor[:, k], x - half_variance)
        noise.fill_normals(key1, key2, (5 + k) * n, z)
        x = x * phi + z * innovation_sigma
    assert np.array_equal(log_noise, x)
