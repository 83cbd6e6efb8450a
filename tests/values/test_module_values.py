"""Closed forms added for the essays' values, checked against what they claim."""

from __future__ import annotations

import math

import pytest

from simulations import tail_cutting
from simulations.engine.values import format_number


def test_crossover_is_where_the_clean_error_meets_the_floor():
    p = tail_cutting.PARAMS
    n = tail_cutting.crossover_samples(p.d, p.sigma2, p.pi, p.delta_norm)
    floor = tail_cutting.synthetic_floor(p.pi, p.delta_norm)
    assert n == pytest.approx(4_000)
    # σ²d/N at the crossover is the floor (the −d−1 of the exact form is negligible there).
    assert p.sigma2 * p.d / n == pytest.approx(floor)
    assert float(tail_cutting.clean_excess_risk(n, p.d, p.sigma2)) == pytest.approx(floor, rel=0.01)


def test_tail_cutting_values_agree_with_the_module_and_with_theory():
    v = tail_cutting.values(tail_cutting.PARAMS, None)
    # Error ∝ T^−(1−1/β): β = 2 gives √10 per decade of data.
    assert v["decade_ratio"].value == pytest.approx(math.sqrt(10), rel=0.01)
    assert v["head_mass"].value + v["tail_floor"].value == pytest.approx(1.0)
    assert v["cut_t1e5"].value >= v["tail_floor"].value > v["clean_t1e5"].value
    worse = v["reg_syn_n1e5"].value / v["reg_clean_n1e5"].value
    assert v["reg_worse_n1e5"].value == pytest.approx(worse)
    assert {x.kind for x in v.values()} <= {"closed form", "parameter"}


def test_accumulate_values_keep_their_identities():
    from simulations import accumulate_vs_replace as m

    v = m.values(m.PARAMS, None)
    assert v["basel"].value == pytest.approx(sum(1 / i**2 for i in range(1, 200_000)), abs=1e-5)
    assert v["accumulate_bound"].value == pytest.approx(v["basel"].value * v["clean_risk"].value)
    assert v["accumulate_risk_end"].value < v["accumulate_bound"].value
    assert v["accumulate_shortfall"].value == pytest.approx(1 - v["var_accumulate_limit"].value)
    g = m.PARAMS.reg_generations
    assert v["replace_risk_end"].value == pytest.approx(g * v["clean_risk"].value)


@pytest.mark.parametrize("n", [5, 20, 100])
def test_two_m_crossing_is_where_the_exact_size_meets_twice_the_fresh_data(n):
    from simulations import fresh_data as m

    lam = m.two_m_crossing(n)
    assert float(m.effective_sample_size(n, lam)) == pytest.approx(2 * n * lam)
    below, above = lam * 0.9, min(1.0, lam * 1.1)
    assert float(m.effective_sample_size(n, below)) > 2 * n * below
    assert float(m.effective_sample_size(n, above)) < 2 * n * above


def test_fresh_data_effective_sizes_match_the_mean_error():
    from simulations import fresh_data as m

    for lam in (0.1, 0.5, 1.0):
        # n_eff is the size of an independent sample with the same centre error.
        mse = float(m.stationary_mean_sq_error(20, lam))
        assert float(m.effective_sample_size(20, lam)) == pytest.approx(1 / mse)
    assert float(m.effective_sample_size_approx(1_000_000, 0.01)) == pytest.approx(19_900)


def test_collapse_shapes_values_follow_their_recurrences():
    from simulations import collapse_shapes as m

    v = m.values(m.PARAMS, None)
    n, h = m.PARAMS.kde_n, m.PARAMS.bandwidth
    # The loop starts at the plug-in variance and climbs towards its fixed point.
    assert float(m.expected_kde_variance(n, h, 0)) == pytest.approx(v["kde_v0"].value)
    assert v["kde_v0"].value < v["kde_t10"].value < v["kde_limit"].value
    assert v["var_cool_t20"].value == pytest.approx(v["shrink_cool"].value ** 20)
    assert v["var_tau1_t20"].value == pytest.approx(v["shrink_tau1"].value ** 20)


def test_exact_audit_size_is_the_first_size_under_the_risk():
    from simulations import merkle_proofs as m

    for n, m_bad, beta in ((10_000, 100, 0.05), (10_000, 10, 0.01), (1_000, 5, 0.05)):
        k = m.exact_audit_size(n, m_bad, beta)
        assert float(m.audit_miss_probability(n, m_bad, k)) <= beta
        assert float(m.audit_miss_probability(n, m_bad, k - 1)) > beta
        # The rule of thumb (n/m)·ln(1/β) is never smaller than the exact size.
        assert m.audit_size_for_miss(n, m_bad, beta) >= k


def test_web_share_ratios_start_at_one_and_reach_the_fixed_point():
    from simulations import web_share as m

    years, rep, acc = m.error_ratios(m.PARAMS)
    before = years <= m.PARAMS.start_year
    assert rep[before] == pytest.approx(1.0) and acc[before] == pytest.approx(1.0)
    v = m.values(m.PARAMS, None)
    assert rep[-1] == pytest.approx(v["replace_ratio_limit"].value, rel=1e-6)
    assert acc[-1] == pytest.approx(v["accumulate_ratio_2040"].value)
    assert (acc[1:] >= acc[:-1] - 1e-12).all()  # the pooled model keeps falling behind


def test_provenance_shares_follow_the_keep_ratio():
    from simulations import provenance_vs_detection as m

    v = m.values(m.PARAMS, None)
    for policy, ratio in (("verified", "verified_ratio"), ("detector", "detector_ratio")):
        r, pi = v[f"{policy}_share_pi5"].value, 0.5
        # Kept odds = prior odds × a/b: at π = 0.5 the prior odds are 1.
        assert r / (1 - r) == pytest.approx(v[ratio].value * pi / (1 - pi))
    assert v["and_share_pi9"].value < v["verified_share_pi9"].value < v["detector_share_pi9"].value
    assert v["crawl_share_rho5"].value < v["crawl_share_rho28"].value < v["crawl_share_rho45"].value


def test_detectability_ceilings_are_the_area_and_the_height_of_the_bound():
    import numpy as np

    from simulations import detectability_limit as m

    v = m.values(m.PARAMS, None)
    tv = v["tv_example"].value
    fpr = np.linspace(0, 1, 200_001)
    area = float(np.mean(m.tpr_ceiling(fpr, tv)))  # ∫ min(1, FPR + TV) dFPR
    assert v["auroc_ceiling"].value == pytest.approx(area, abs=1e-5)
    assert v["tpr_ceiling"].value == pytest.approx(v["fpr_example"].value + tv)


# The numbers the essays used to type by hand (issue 19's leftovers), each against its
# closed form computed here independently of the module.


def test_accumulate_ceiling_sits_pi_squared_over_six_minus_one_above_the_clean_error():
    from simulations import accumulate_vs_replace as m

    v = m.values(m.PARAMS, None)
    basel = sum(1 / i**2 for i in range(1, 200_000))
    assert v["ceiling_excess"].value == pytest.approx(basel - 1, abs=1e-5)
    ratio = v["accumulate_bound"].value / v["clean_risk"].value
    assert v["ceiling_excess"].value == pytest.approx(ratio - 1)
    assert format_number(v["ceiling_excess"].value, v["ceiling_excess"].fmt) == "64.5%"


def _tail_loss_values():
    import types

    import numpy as np

    from simulations import tail_loss as m

    # values() reads a few simulated summaries; the closed forms tested here ignore them.
    fake = types.SimpleNamespace(
        survivors_mean=np.ones(3),
        survivors_sd=np.ones(3),
        j=np.asarray(m.QUOTED_J),
        survived=np.full(len(m.QUOTED_J), 0.5),
    )
    return m, m.values(m.PARAMS, fake)


def test_a_type_expected_once_is_missed_with_chance_about_e_to_the_minus_one():
    m, v = _tail_loss_values()
    n = m.PARAMS.n
    # P(Binomial(n, 1/n) = 0) and P(Binomial(n, 5/n) = 0), by the binomial pmf at zero.
    assert v["missed_once"].value == pytest.approx(math.comb(n, 0) * (1 - 1 / n) ** n)
    assert v["missed_once"].value == pytest.approx(math.exp(-1), abs=1e-3)
    assert v["missed_five"].value == pytest.approx(math.exp(-5), rel=0.01)
    assert format_number(v["missed_once"].value, "%") == format_number(math.exp(-1), "%") == "37%"
    # "under a 1% chance": rounded up, so the claim holds for any sample size.
    assert v["missed_five"].value < 0.01
    assert format_number(v["missed_five"].value, "% up") == "1%"


def _binomial_tail(T: int, gamma: float, z0: float) -> float:
    """P(z > z0) for Binomial(T, γ) green counts, summed term by term."""
    sd = math.sqrt(T * gamma * (1 - gamma))
    return sum(
        math.comb(T, c) * gamma**c * (1 - gamma) ** (T - c)
        for c in range(T + 1)
        if (c - gamma * T) / sd > z0
    )


def test_watermark_false_alarm_rates_are_the_normal_and_binomial_tails():
    from statistics import NormalDist

    from simulations import watermark_detection as m

    p = m.PARAMS
    v = m.values(p, None)
    assert v["fpr_normal_per_100k"].value == pytest.approx(1e5 * (1 - NormalDist().cdf(p.z0)))
    assert v["fpr_t25_per_10k"].value == pytest.approx(1e4 * _binomial_tail(25, p.gamma, p.z0))
    assert v["fpr_t1000_per_100k"].value == pytest.approx(
        1e5 * _binomial_tail(1_000, p.gamma, p.z0), rel=1e-9
    )
    shown = [format_number(v[k].value, v[k].fmt) for k in sorted(v) if "_per_" in k]
    assert shown == ["3.17", "4.8", "2.1"]  # normal, T = 1,000, T = 25 (sorted names)
    # The caption writes the same rates as probabilities.
    for name, per in (("fpr_normal", 1e5), ("fpr_t25", 1e4), ("fpr_t1000", 1e5)):
        scaled = next(k for k in v if k.startswith(name + "_per_"))
        assert v[name].value * per == pytest.approx(v[scaled].value)
    shown = [format_number(v[k].value, v[k].fmt) for k in ("fpr_normal", "fpr_t25", "fpr_t1000")]
    assert shown == ["3.2 × 10⁻⁵", "2.1 × 10⁻⁴", "4.8 × 10⁻⁵"]


def test_watermark_power_at_ten_tokens_is_the_normal_and_the_binomial_tail():
    from statistics import NormalDist

    from simulations import watermark_detection as m

    p, T = m.PARAMS, m.QUOTED_SHORT_TOKENS
    v = m.values(p, None)
    alpha = math.exp(p.delta)
    green = p.gamma * alpha / (1 + (alpha - 1) * p.gamma)  # h = 1: every token is green-biased
    normal = NormalDist().cdf(
        ((green - p.gamma) * math.sqrt(T) - p.z0 * math.sqrt(p.gamma * (1 - p.gamma)))
        / math.sqrt(green * (1 - green))
    )
    sd = math.sqrt(T * p.gamma * (1 - p.gamma))
    exact = sum(
        math.comb(T, c) * green**c * (1 - green) ** (T - c)
        for c in range(T + 1)
        if (c - p.gamma * T) / sd > p.z0
    )
    assert v["power_t10_normal"].value == pytest.approx(normal)
    assert v["power_t10_exact"].value == pytest.approx(exact)
    # The caption's point: at ten tokens the normal approximation understates the power.
    assert v["power_t10_normal"].value < v["power_t10_exact"].value


def test_watermark_attack_factors_follow_the_green_probability():
    from simulations import watermark_detection as m

    p = m.PARAMS
    v = m.values(p, None)
    # One word in five replaced, green list seeded by the previous token: (1 − ε)².
    assert v["substitution_factor_eps20"].value == pytest.approx((1 - 0.2) ** 2)
    alpha = math.exp(p.delta)
    green = p.gamma * alpha / (p.gamma * alpha + 1 - p.gamma)  # uniform tokens, h = 1
    T_w, T_h = p.watermarked_tokens, m.QUOTED_HUMAN_TOKENS
    z_w = (green - p.gamma) * T_w / math.sqrt(T_w * p.gamma * (1 - p.gamma))
    assert v["z_passage"].value == pytest.approx(z_w)
    excess = (green - p.gamma) * T_w  # only the passage is green above chance
    z = excess / math.sqrt((T_w + T_h) * p.gamma * (1 - p.gamma))
    assert v["z_diluted"].value == pytest.approx(z)
    assert [format_number(v[k].value, v[k].fmt) for k in ("z_passage", "z_diluted")] == [
        "15",
        "4.76",
    ]


def test_digest_and_identifier_chances_are_two_to_the_minus_b_and_the_birthday_bound():
    from simulations import merkle_proofs as m

    v = m.values(m.PARAMS, None)
    assert v["undetected_b8"].value == 2.0**-8
    n = m.PARAMS.example_objects
    for bits, text in ((160, "2.1 × 10⁻²⁸"), (256, "2.7 × 10⁻⁵⁷")):
        # Far below 1, 1 − exp(−x) is x to within x²/2: the pairs over the identifiers.
        pairs = n * (n - 1) / 2 / 2.0**bits
        assert v[f"collision_{bits}"].value == pytest.approx(pairs, rel=1e-12)
        assert format_number(v[f"collision_{bits}"].value, "2 sci") == text
    assert format_number(v["undetected_b8"].value, "2 sci") == "3.9 × 10⁻³"


def test_forgery_rate_is_the_parameter_and_reads_as_a_power_of_ten():
    from simulations import provenance_vs_detection as m

    v = m.values(m.PARAMS, None)
    assert v["forgery"].kind == "parameter"
    assert v["forgery"].value == m.PARAMS.forgery
    assert format_number(v["forgery"].value, v["forgery"].fmt) == "10⁻³"


def test_detector_rates_are_the_complements_and_the_flagged_share_is_under_three_percent():
    from simulations import detector_base_rates as d
    from simulations import provenance_vs_detection as pv

    for m in (d, pv):
        v = m.values(m.PARAMS, None)
        assert v["miss_rate"].value == pytest.approx(1 - m.PARAMS.tpr)
        assert v["pass_rate"].value == pytest.approx(1 - m.PARAMS.fpr)
        assert [format_number(v[k].value, v[k].fmt) for k in ("miss_rate", "pass_rate")] == [
            "0.05",
            "0.99",
        ]
    v = d.values(d.PARAMS, None)
    # The odds factor of the essay is the quotient of the two rates (kept odds / prior odds).
    odds = v["kept_share_pi50"].value / (1 - v["kept_share_pi50"].value)
    assert odds == pytest.approx(v["miss_rate"].value / v["pass_rate"].value)
    p = d.PARAMS
    flagged = p.tpr_paraphrased * 0.5 + p.fpr_paraphrased * (1 - 0.5)
    assert v["flagged_share_paraphrased_pi50"].value == pytest.approx(flagged)
    assert flagged < 0.03  # "flagged at under 3%"


def test_about_600_checks_cover_half_a_percent_damage_in_either_collection():
    from simulations import merkle_proofs as m

    v = m.values(m.PARAMS, None)
    both = [v["audit_1e4_0p5_5"].value, v["audit_1e6_0p5_5"].value]
    assert max(both) == v["audit_1e6_0p5_5"].value  # the larger collection needs more
    assert format_number(max(both), "1 sig up") == "600" and max(both) <= 600


def test_the_high_tide_is_the_prevalence_of_the_verified_gates_worst_case():
    from simulations import provenance_vs_detection as m

    v = m.values(m.PARAMS, None)
    pi, ratio = v["high_tide"].value, v["verified_ratio"].value
    share = v["verified_share_pi99"].value
    assert share / (1 - share) == pytest.approx(ratio * pi / (1 - pi))  # kept odds
    assert format_number(pi, v["high_tide"].fmt) == "0.99"
