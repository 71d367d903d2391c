"""The shared threshold chooser of the learned stages' trainers (tools/threshold_choice.py)."""
from __future__ import annotations

from stemfoot.tools import threshold_choice as tc


def _steps(a: float, b: float) -> float:
    return round(abs(a - b), 6)


def test_a_flat_grid_keeps_the_default() -> None:
    """A grid point ahead by a point or two in a few sets, behind in others, is noise: the default stays."""
    flat = {0.4: [10, 9, 10, 10, 11, 10], 0.5: [10, 10, 9, 10, 10, 10], 0.6: [10, 10, 10, 11, 10, 9]}
    got, beats = tc.choose(flat, 0.5, _steps)
    assert got == 0.5 and beats[0.5] == 0.0 and all(0 < beats[t] < tc.BEAT_SHARE for t in (0.4, 0.6))


def test_a_point_better_in_nearly_every_set_replaces_the_default() -> None:
    clear = {0.5: [10] * 20, 0.6: [11] * 19 + [10]}
    got, beats = tc.choose(clear, 0.5, _steps)
    assert got == 0.6 and beats[0.6] == 1.0


def test_a_point_better_by_much_in_one_set_only_does_not() -> None:
    one_set = {0.5: [10] * 20, 0.6: [40] + [10] * 19}
    assert tc.choose(one_set, 0.5, _steps)[0] == 0.5


def test_the_walk_stops_at_the_edge_of_a_flat_top_nearest_the_default() -> None:
    """0.6 and 0.7 both beat 0.5 in every set; 0.7's lead over 0.6 (one set, one point) is noise, so the nearer
    0.6 is kept where the pooled argmax would take 0.7. A point that beats the nearer one beyond noise is walked on
    to."""
    top = {0.5: [10] * 20, 0.6: [12] * 20, 0.7: [13] + [12] * 19}
    assert tc.choose(top, 0.5, _steps)[0] == 0.6
    climb = {0.5: [10] * 20, 0.6: [11] * 20, 0.7: [12] * 20}
    assert tc.choose(climb, 0.5, _steps)[0] == 0.7


def test_ties_at_one_distance_go_to_the_surer_then_the_preferred_point() -> None:
    """0.4 and 0.6 are as far from 0.5 and beat it alike: ``prefer`` decides (here the higher threshold)."""
    even = {0.4: [11] * 20, 0.5: [10] * 20, 0.6: [11] * 20}
    assert tc.choose(even, 0.5, _steps, lambda t: (t,))[0] == 0.6
    assert tc.choose(even, 0.5, _steps, lambda t: (-t,))[0] == 0.4
    surer = {0.4: [13] * 3 + [10] * 17, 0.5: [10] * 20, 0.6: [11] * 20}
    got, beats = tc.choose(surer, 0.5, _steps, lambda t: (-t,))
    assert beats[0.6] > beats[0.4] >= tc.BEAT_SHARE and got == 0.6


def test_the_choice_and_its_shares_are_fixed_by_the_seed() -> None:
    """Seeded draws: the same scores give the same choice and the same shares; the draws are n sets each."""
    noisy = {0.5: [10, 12, 9, 11, 10, 8, 13, 10], 0.6: [11, 11, 10, 12, 9, 10, 12, 11]}
    first, again = tc.choose(noisy, 0.5, _steps), tc.choose(noisy, 0.5, _steps)
    assert first == again
    counts = tc.draw_counts(8, draws=50, seed=3)
    assert counts.shape == (50, 8) and (counts.sum(axis=1) == 8).all()
    assert (counts == tc.draw_counts(8, draws=50, seed=3)).all() and (counts != tc.draw_counts(8, draws=50, seed=4)).any()


def test_tuple_grid_points_take_a_caller_distance() -> None:
    """Grid points may be tuples (the arm model's drop / add / add_side) with the caller's distance."""
    def steps(a: tuple[float, float], b: tuple[float, float]) -> float:
        return sum(abs(x - y) for x, y in zip(a, b))

    grid = {(0.5, 1.0): [10] * 20, (0.5, 0.9): [12] * 20, (0.4, 0.9): [12] * 19 + [13], (0.4, 1.0): [10] * 20}
    assert tc.choose(grid, (0.5, 1.0), steps)[0] == (0.5, 0.9)
