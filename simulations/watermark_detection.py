"""How much text does a green-list watermark need to be detected, and what erases it?

Embedded in docs/essays/why-detectors-cannot-save-us.md. Closed forms: docs/derivations/watermarks.md
(the z-score is the detector statistic of kirchenbauer2023watermark; the green
probability, power, false-positive and attack formulas are derived on this site).

The model ("KGW-h", docs/derivations/watermarks.md). A vocabulary of V tokens. At every position
a keyed hash of the previous k tokens picks a green list of exactly γV tokens. With
probability h (the *effective entropy*) the model's next-token distribution is uniform
over the vocabulary and the watermark adds δ to every green logit before sampling; with
probability 1 − h the next token is forced (a point mass) and the watermark cannot move
it. The detector knows the key, recomputes every green list from the text alone and
computes the one-proportion z-score of the green count (a1).

Everything below is simulated at the token level: real token sequences are generated,
attacked (random or evenly spaced substitutions, or pasted into human text) and scored.
The only shortcut is panel (b), where the green count of unwatermarked text is drawn
directly as Binomial(T, γ) because false-positive rates near 10⁻⁴ need millions of texts.

The closed forms are in ``_watermark_formulas`` and the token mechanism in
``_watermark_tokens``; this module holds the question: parameters, simulation and figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from simulations import _style
from simulations._watermark_formulas import (
    binomial_sf,
    detection_threshold,
    dilution_expected_z,
    expected_z,
    false_positive_rate_exact,
    false_positive_rate_normal,
    green_probability,
    green_probability_bound,
    mixture_green_probability,
    normal_cdf,
    normal_sf,
    power_exact,
    power_normal,
    sd_z,
    spaced_substitution_factor,
    spike_entropy,
    substitution_factor,
    tokens_for_power,
    z_score,
)
from simulations._watermark_tokens import (
    draw_keys,
    generate_watermarked,
    green_flags,
    substitute_random,
    substitute_spaced,
    z_of_texts,
)
from simulations.engine import (
    Curve,
    Explorable,
    Explored,
    FigureMeta,
    Slider,
    Value,
    closed_form,
    grid,
)

# The closed forms and the token mechanism live in their own modules; they are re-exported
# here so that the figure's tests and notebooks reach everything through one name.
__all__ = [
    "EXPLORE",
    "META",
    "PARAMS",
    "QUOTED_POWER",
    "Params",
    "Result",
    "binomial_sf",
    "detection_threshold",
    "dilution_expected_z",
    "draw_keys",
    "expected_z",
    "explore",
    "false_positive_rate_exact",
    "false_positive_rate_normal",
    "generate_watermarked",
    "green_flags",
    "green_probability",
    "green_probability_bound",
    "mixture_green_probability",
    "normal_cdf",
    "normal_sf",
    "plot",
    "power_exact",
    "power_normal",
    "sd_z",
    "simulate",
    "spaced_substitution_factor",
    "spike_entropy",
    "substitute_random",
    "substitute_spaced",
    "substitution_factor",
    "tokens_for_power",
    "values",
    "z_of_texts",
    "z_score",
]


@dataclass(frozen=True)
class Params:
    seed: int = 20231
    gamma: float = 0.25  # green-list fraction γ
    delta: float = 2.0  # logit bias δ added to green tokens
    z0: float = 4.0  # detection threshold: flag when z > z0
    vocab: int = 32_768  # vocabulary size V (γV must be a whole number)
    # (a) power against length, one row per effective entropy h
    entropies: tuple[float, ...] = (1.0, 0.5, 0.3, 0.1)
    max_lengths: tuple[int, ...] = (100, 1_000, 2_000, 5_000)  # longest text simulated per h
    lengths: tuple[int, ...] = (10, 20, 30, 50, 100, 200, 300, 500, 1_000, 2_000, 3_000, 5_000)
    power_replicates: int = 1_000
    # (b) false positives of unwatermarked text
    fpr_lengths: tuple[int, ...] = (10, 25, 50, 200, 500, 1_000, 2_000)
    null_texts: int = 1_500_000
    max_fpr_length: int = 3_000
    # (c) substitution attack on watermarked text of one length
    attack_length: int = 400
    attack_entropy: float = 1.0
    contexts: tuple[int, ...] = (1, 4)  # k: how many previous tokens seed the green list
    edit_rates: tuple[float, ...] = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
    spacings: tuple[int, ...] = (2, 3, 4, 5, 10, 20)  # evenly spaced edits, for k = contexts[0]
    attack_replicates: int = 400
    # (d) dilution: a watermarked passage inside human text
    watermarked_tokens: int = 200
    dilution_entropies: tuple[float, ...] = (1.0, 0.5)
    human_tokens: tuple[int, ...] = (10, 30, 100, 300, 1_000, 1_800, 3_000, 10_000)
    dilution_replicates: int = 300
    # the explorable (EXPLORE below): the text length and entropy its readout starts at
    text_length: int = 200
    entropy: float = 0.5


PARAMS = Params()

META = FigureMeta(
    title="What a green-list watermark needs, and what wears it away",
    caption=(
        "Token-level simulation of a green-list watermark (seed 20231). Assumptions: green "
        "fraction γ = 0.25, logit bias δ = 2, a text is flagged when z > 4, a vocabulary of "
        "32,768 tokens, and a green list seeded by a keyed hash of the previous token "
        "(k = 1) unless stated. The text model is an assumption too: a fraction h of "
        "positions (the effective entropy) are free choices, uniform over the vocabulary "
        "before the bias; the rest are forced tokens that the watermark cannot move. Dashed "
        "lines are closed forms derived for this site; in (b) the exact tail is the thin "
        "solid line and the normal approximation the dotted one. "
        "(a) Detection power against length (1,000 texts per entropy, each scored at "
        "every length shown). The dashed normal approximation reaches 95% power at about "
        "[[value: tokens_95_h1]], [[value: tokens_95_h05]], [[value: tokens_95_h03]] and "
        "[[value: tokens_95_h01]] tokens for h = 1, "
        "0.5, 0.3 and 0.1; for the shortest texts the green count is too coarse for it "
        "(at 10 tokens and h = 1 it gives [[value: power_t10_normal]], the exact value is "
        "[[value: power_t10_exact]]). "
        "(b) False-positive rate of unwatermarked text, whose token colours are assumed "
        "independent (no repeated word pairs): the exact binomial tail zigzags with length "
        "but stays above the normal value [[value: fpr_normal]] at every length shown "
        "([[value: fpr_t25]] at 25 tokens, [[value: fpr_t1000]] at 1,000). Points: 1.5 million "
        "binomial draws per length, "
        "bars ±2 standard errors. "
        "(c) Replacing a random fraction ε of a 400-token text (h = 1) by random tokens "
        "multiplies the mean z by (1 − ε)^(k+1) when the green list depends on the k "
        "previous tokens; evenly spaced edits do more harm, 1 − (k + 1)ε (dash-dot). "
        "400 texts per point. "
        "(d) A 200-token watermarked passage pasted into human text: the mean z falls with "
        "the square root of the watermarked share of the whole. 300 texts per point."
    ),
    alt=(
        "Four panels in a two-by-two grid. (a), top left: detection power climbs from near "
        "0 to 1 as texts get longer, and later the lower the entropy: the simulated points "
        "follow the dashed curves, which pass 95% near 30 tokens for h = 1 and near 3,000 "
        "tokens for h = 0.1; only at 10 tokens for h = 1 does the point (about 0.4) sit "
        "clearly above its curve (about 0.27). (b), top right: on logarithmic axes, the "
        "exact false-positive rate at z above 4 is a sawtooth that starts near 4 in 10,000 "
        "for 10-token texts and sinks toward, but stays above, the flat normal "
        "approximation of about 3 in 100,000; simulated points sit on the sawtooth. (c), "
        "bottom left: the mean z-score of a 400-token text starts near 21 and falls as more"
        " tokens are replaced: to about 13.6 at 20% with a one-token context, much faster "
        "with a four-token context (below 4 at 30%), and to zero at 50% when the edits are "
        "evenly spaced. (d), bottom right: on a logarithmic horizontal axis, the mean "
        "z-score of a 200-token watermarked passage falls as human text is added around it,"
        " crossing the threshold of 4 at about 2,600 human tokens for h = 1 and about 500 "
        "for h = 0.5."
    ),
    essay="essays/why-detectors-cannot-save-us.md",
)


# --------------------------------------------------------------------------------------
# Simulation and figure.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    params: Params
    power_lengths: tuple[np.ndarray, ...]  # per entropy: the lengths simulated
    power_z: tuple[np.ndarray, ...]  # per entropy: z-scores, shape (replicates, lengths)
    fpr_flagged: np.ndarray  # per fpr length: number of null texts with z > z0
    attack_z: np.ndarray  # (contexts, edit rates, replicates)
    spaced_z: np.ndarray  # (spacings, replicates), k = contexts[0]
    dilution_z: np.ndarray  # (dilution entropies, human lengths, replicates)


def simulate(params: Params, rng: np.random.Generator) -> Result:
    p = params
    k1 = 1

    # (a) power: one long text per replicate; each prefix of length T is a text of length T.
    power_lengths, power_z = [], []
    for h, t_max in zip(p.entropies, p.max_lengths, strict=True):
        lengths = np.array([t for t in p.lengths if t <= t_max])
        keys = draw_keys(rng, p.power_replicates)
        tokens = generate_watermarked(rng, keys, int(lengths[-1]), h, k1, p.gamma, p.delta, p.vocab)
        greens = np.cumsum(green_flags(tokens, keys, k1, p.gamma, p.vocab), axis=1)
        power_lengths.append(lengths)
        power_z.append(z_score(greens[:, lengths - 1], lengths, p.gamma))

    # (b) null texts: green count ~ Binomial(T, γ); flag when z > z0.
    fpr_flagged = np.array(
        [
            np.count_nonzero(
                z_score(rng.binomial(T, p.gamma, size=p.null_texts), T, p.gamma) > p.z0
            )
            for T in p.fpr_lengths
        ]
    )

    # (c) substitution: random edits for each context width, evenly spaced edits for k = 1.
    attack_z = np.empty((len(p.contexts), len(p.edit_rates), p.attack_replicates))
    spaced_z = np.empty((len(p.spacings), p.attack_replicates))
    for i, k in enumerate(p.contexts):
        keys = draw_keys(rng, p.attack_replicates)
        tokens = generate_watermarked(
            rng, keys, p.attack_length, p.attack_entropy, k, p.gamma, p.delta, p.vocab
        )
        for j, eps in enumerate(p.edit_rates):
            attacked = substitute_random(rng, tokens, eps, p.vocab)
            attack_z[i, j] = z_of_texts(attacked, keys, k, p.gamma, p.vocab)
        if i == 0:
            for j, s in enumerate(p.spacings):
                attacked = substitute_spaced(rng, tokens, s, p.vocab)
                spaced_z[j] = z_of_texts(attacked, keys, k, p.gamma, p.vocab)

    # (d) dilution: watermarked passage, then human tokens (uniformly random, unwatermarked).
    T_w = p.watermarked_tokens
    human = np.asarray(p.human_tokens)
    dilution_z = np.empty((len(p.dilution_entropies), len(human), p.dilution_replicates))
    for i, h in enumerate(p.dilution_entropies):
        keys = draw_keys(rng, p.dilution_replicates)
        passage = generate_watermarked(rng, keys, T_w, h, k1, p.gamma, p.delta, p.vocab)
        text = np.concatenate(
            [passage, rng.integers(0, p.vocab, size=(p.dilution_replicates, int(human.max())))],
            axis=1,
        )
        greens = np.cumsum(green_flags(text, keys, k1, p.gamma, p.vocab), axis=1)
        dilution_z[i] = z_score(greens[:, T_w + human - 1], T_w + human, p.gamma).T

    return Result(
        params=p,
        power_lengths=tuple(power_lengths),
        power_z=tuple(power_z),
        fpr_flagged=fpr_flagged,
        attack_z=attack_z,
        spaced_z=spaced_z,
        dilution_z=dilution_z,
    )


#: The detection power whose text length the essay quotes (panel (a)).
QUOTED_POWER = 0.95
#: The text lengths whose exact false-positive rate the essay quotes (panel (b)).
QUOTED_FPR_LENGTHS = (25, 1_000)
#: The random edit rate ("one word in five") and the human tokens around the watermarked
#: passage (the essay's 1,800) whose effect the essay quotes (panels (c) and (d)).
QUOTED_EDIT_RATE = 0.2
QUOTED_HUMAN_TOKENS = 1_800
#: The shortest text length in panel (a), where the caption compares the two power formulas.
QUOTED_SHORT_TOKENS = 10


def _h_name(h: float) -> str:
    """1.0 -> "h1", 0.5 -> "h05": value names cannot hold a decimal point."""
    return "h" + f"{h:g}".replace(".", "")


def values(params: Params, result) -> dict[str, Value]:
    """The closed forms the essay quotes: text lengths for 95% power, one per effective
    entropy of panel (a) (a8); false-positive rates (a6), scaled to the "in ten thousand"
    and "in a hundred thousand" the essay writes them as; the substitution factor (a9) and
    the diluted z-score (a10) at full entropy."""
    p = params
    wm = "derivations/watermarks.md"
    out = {
        f"tokens_95_{_h_name(h)}": closed_form(
            float(tokens_for_power(h, QUOTED_POWER, p.gamma, p.delta, p.z0)),
            f"tokens for {QUOTED_POWER:.0%} detection power at effective entropy h = {h:g} "
            "(normal approximation)",
            unit="tokens",
            fmt=",",
        )
        for h in p.entropies
    }
    out["fpr_normal_per_100k"] = closed_form(
        false_positive_rate_normal(p.z0) * 1e5,
        f"false alarms per 100,000 unwatermarked texts at z > {p.z0:g}, normal approximation Φ̄(z₀)",
        unit="per 100,000 texts",
        fmt="3 sig",
        derivation=f"{wm}#false-positive-rate",
    )
    for T in QUOTED_FPR_LENGTHS:
        scale = 10_000 if T < 100 else 100_000  # as the essay writes each one
        out[f"fpr_t{T}_per_{scale // 1000}k"] = closed_form(
            float(false_positive_rate_exact(T, p.gamma, p.z0)) * scale,
            f"false alarms per {scale:,} unwatermarked texts of {T:,} tokens at z > {p.z0:g}, "
            "exact binomial tail",
            unit=f"per {scale:,} texts",
            fmt="2 sig",
            derivation=f"{wm}#false-positive-rate",
        )
    out["substitution_factor_eps20"] = closed_form(
        float(substitution_factor(QUOTED_EDIT_RATE, p.contexts[0])),
        f"factor of the mean z-score when a random {QUOTED_EDIT_RATE:.0%} of tokens is "
        f"replaced, green list seeded by k = {p.contexts[0]} previous token: (1 − ε)^(k+1)",
        fmt=".2f",
        derivation=f"{wm}#substitution",
    )
    out["z_passage"] = closed_form(
        float(expected_z(1.0, p.watermarked_tokens, p.gamma, p.delta)),
        f"expected z-score of a {p.watermarked_tokens}-token watermarked passage alone at h = 1",
        unit="SD units",
        fmt="d",
        derivation=f"{wm}#expected-z",
    )
    out["z_diluted"] = closed_form(
        float(
            dilution_expected_z(p.watermarked_tokens, QUOTED_HUMAN_TOKENS, 1.0, p.gamma, p.delta)
        ),
        f"expected z-score of that passage among {QUOTED_HUMAN_TOKENS:,} human tokens, h = 1: "
        "z_w·√(T_w/(T_w + T_h))",
        unit="SD units",
        fmt=".2f",
        derivation=f"{wm}#dilution",
    )
    # The caption's panel (b): the same rates as probabilities, in scientific notation.
    out["fpr_normal"] = closed_form(
        false_positive_rate_normal(p.z0),
        f"false-positive rate at z > {p.z0:g}, normal approximation Φ̄(z₀)",
        fmt="2 sci",
        derivation=f"{wm}#false-positive-rate",
    )
    for T in QUOTED_FPR_LENGTHS:
        out[f"fpr_t{T}"] = closed_form(
            float(false_positive_rate_exact(T, p.gamma, p.z0)),
            f"false-positive rate of {T:,}-token texts at z > {p.z0:g}, exact binomial tail",
            fmt="2 sci",
            derivation=f"{wm}#false-positive-rate",
        )
    # The caption's panel (a): where the normal approximation fails, at the shortest length.
    T = QUOTED_SHORT_TOKENS
    out["power_t10_normal"] = closed_form(
        float(power_normal(1.0, T, p.gamma, p.delta, p.z0)),
        f"detection power at {T} tokens and h = 1, normal approximation",
        fmt=".2f",
        derivation=f"{wm}#power",
    )
    out["power_t10_exact"] = closed_form(
        float(power_exact(1.0, T, p.gamma, p.delta, p.z0)),
        f"detection power at {T} tokens and h = 1, exact binomial tail",
        fmt=".2f",
        derivation=f"{wm}#power",
    )
    return out


def _fmt(x: float) -> str:
    return f"{x:g}"


def plot(result: Result) -> Figure:
    p = result.params
    colours = _style.PALETTE
    fig, axes = _style.figure(2, 2, height=7.4)
    ax_pow, ax_fpr, ax_sub, ax_dil = axes.ravel()

    # (a) power against length
    T_line = np.geomspace(10, 40_000, 240)
    handles = []
    for i, (h, lengths, z) in enumerate(
        zip(p.entropies, result.power_lengths, result.power_z, strict=True)
    ):
        (th,) = _style.theory(
            ax_pow,
            T_line,
            power_normal(h, T_line, p.gamma, p.delta, p.z0),
            label=f"theory (closed form), h = {_fmt(h)}",
        )
        (sim,) = _style.simulated(
            ax_pow,
            lengths,
            (z > p.z0).mean(axis=0),
            color=colours[i],
            linestyle="none",
            label=f"simulated, h = {_fmt(h)}, R = {p.power_replicates:,}",
        )
        handles.append((sim, f"h = {_fmt(h)}"))
    ax_pow.set_xscale("log")
    ax_pow.set_xlim(8, 40_000)
    ax_pow.set_ylim(-0.02, 1.02)
    ax_pow.set_title("(a) power vs length")
    ax_pow.set_xlabel("text length T (tokens)")
    ax_pow.set_ylabel("power P(z > 4) (probability)")
    ax_pow.legend(
        handles=[th] + [hd for hd, _ in handles],
        labels=["theory"] + [lab for _, lab in handles],
        loc="lower right",
        fontsize=9.5,
        handlelength=1.4,
        borderaxespad=0.2,
    )

    # (b) false-positive rate against length
    T_all = np.arange(10, p.max_fpr_length + 1)
    (fpr_th,) = _style.theory(
        ax_fpr,
        T_all,
        false_positive_rate_exact(T_all, p.gamma, p.z0),
        label="theory: exact binomial tail",
        linestyle="-",
        linewidth=0.6,
        alpha=0.8,
    )
    normal = false_positive_rate_normal(p.z0)
    (fpr_norm,) = ax_fpr.plot(
        [T_all[0], T_all[-1]],
        [normal, normal],
        color=_style.THEORY_COLOR,
        linestyle=":",
        linewidth=1.6,
        label="normal approximation Φ̄(4)",
    )
    fpr = result.fpr_flagged / p.null_texts
    se = np.sqrt(fpr * (1 - fpr) / p.null_texts)
    ok = result.fpr_flagged > 0
    fpr_sim = ax_fpr.errorbar(
        np.asarray(p.fpr_lengths)[ok],
        fpr[ok],
        yerr=2 * se[ok],
        fmt="o",
        color=colours[1],
        capsize=0,
        zorder=6,
        label=f"simulated, {p.null_texts / 1e6:g} million texts per length",
    )
    ax_fpr.set_xscale("log")
    ax_fpr.set_yscale("log")
    ax_fpr.set_ylim(1e-5, 1e-3)
    ax_fpr.set_title("(b) false alarms at z > 4")
    ax_fpr.set_xlabel("text length T (tokens)")
    ax_fpr.set_ylabel("false-positive rate (probability)")
    ax_fpr.legend(
        handles=[fpr_th, fpr_norm, fpr_sim],
        labels=["exact binomial tail", "normal approx. Φ̄(4)", "simulated"],
        loc="upper right",
        fontsize=9.5,
        handlelength=1.6,
    )

    # (c) substitution attack
    z_clean = float(expected_z(p.attack_entropy, p.attack_length, p.gamma, p.delta))
    eps_line = np.linspace(0, max(p.edit_rates), 101)
    sub_handles = []
    for i, k in enumerate(p.contexts):
        (th_sub,) = _style.theory(
            ax_sub,
            eps_line,
            z_clean * substitution_factor(eps_line, k),
            label=f"theory (closed form), random edits, k = {k}",
        )
        (sim,) = _style.simulated(
            ax_sub,
            p.edit_rates,
            result.attack_z[i].mean(axis=1),
            color=colours[i],
            linestyle="none",
            label=f"simulated, random edits, k = {k}, R = {p.attack_replicates}",
        )
        sub_handles.append((sim, f"random, k = {k}"))
    k0 = p.contexts[0]
    (th_sp,) = _style.theory(
        ax_sub,
        eps_line,
        z_clean * spaced_substitution_factor(eps_line, k0),
        label=f"theory (closed form), spaced edits, k = {k0}",
        linestyle="-.",
    )
    (sim_sp,) = _style.simulated(
        ax_sub,
        1 / np.asarray(p.spacings),
        result.spaced_z.mean(axis=1),
        color=colours[2],
        linestyle="none",
        marker="s",
        label=f"simulated, spaced edits, k = {k0}, R = {p.attack_replicates}",
    )
    ax_sub.plot(
        [0, max(p.edit_rates)],
        [p.z0, p.z0],
        color=colours[3],
        linewidth=1.2,
        label="detection threshold z = 4",
    )
    ax_sub.annotate(
        "threshold z = 4",
        (0.0, p.z0),
        xytext=(2, -3),
        textcoords="offset points",
        color="#333333",
        fontsize=9.5,
        va="top",
    )
    ax_sub.set_ylim(-0.5, 23.5)
    ax_sub.set_title(f"(c) substitution, T = {p.attack_length}")
    ax_sub.set_xlabel("fraction of tokens replaced ε (ratio)")
    ax_sub.set_ylabel("mean z-score (SD units)")
    ax_sub.legend(
        handles=[th_sub] + [hd for hd, _ in sub_handles] + [(th_sp, sim_sp)],
        labels=["theory"] + [lab for _, lab in sub_handles] + [f"spaced, k = {k0}"],
        loc="upper right",
        fontsize=9.5,
        handlelength=1.6,
    )

    # (d) dilution
    T_w = p.watermarked_tokens
    human_line = np.geomspace(min(p.human_tokens), max(p.human_tokens), 200)
    dil_handles = []
    for i, h in enumerate(p.dilution_entropies):
        (th_dil,) = _style.theory(
            ax_dil,
            human_line,
            dilution_expected_z(T_w, human_line, h, p.gamma, p.delta),
            label=f"theory (closed form), h = {_fmt(h)}",
        )
        (sim,) = _style.simulated(
            ax_dil,
            p.human_tokens,
            result.dilution_z[i].mean(axis=1),
            color=colours[i],
            linestyle="none",
            label=f"simulated, h = {_fmt(h)}, R = {p.dilution_replicates}",
        )
        dil_handles.append((sim, f"h = {_fmt(h)}"))
    ax_dil.plot(
        [min(p.human_tokens), max(p.human_tokens)],
        [p.z0, p.z0],
        color=colours[3],
        linewidth=1.2,
        label="detection threshold z = 4",
    )
    ax_dil.annotate(
        "threshold z = 4",
        (min(p.human_tokens), p.z0),
        xytext=(2, -3),
        textcoords="offset points",
        color="#333333",
        fontsize=9.5,
        va="top",
    )
    ax_dil.set_xscale("log")
    ax_dil.set_title(f"(d) dilution of {T_w} tokens")
    ax_dil.set_xlabel("human text added (tokens)")
    ax_dil.set_ylabel("mean z-score (SD units)")
    ax_dil.legend(
        handles=[th_dil] + [hd for hd, _ in dil_handles],
        labels=["theory (a10)"] + [lab for _, lab in dil_handles],
        loc="upper right",
        fontsize=9.5,
        handlelength=1.6,
    )
    return fig


# --------------------------------------------------------------------------------------
# Explorable: the reader moves the text length and the effective entropy h
# (simulations/engine/explore.py). Closed forms only: the token-level simulation of
# panel (a) takes seconds per entropy, too long for every grid point at build time.
# --------------------------------------------------------------------------------------

EXPLORE = Explorable(
    sliders=(
        Slider(
            "text_length",
            "text length",
            (10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000),
            unit="tokens",
            fmt=",",
        ),
        Slider("entropy", "effective entropy h", grid(0.1, 1.0, 0.1), fmt=".1f"),
    ),
    x_label="text length T in tokens (log scale)",
    y_label="detection power, P(z > z₀)",
    x_log=True,
    marker="text_length",
    title="How often a watermark is detected, by text length",
)


def explore(params: Params, rng: np.random.Generator) -> Explored:
    """Detection power against length at one entropy (exact and normal approximation), and
    the detector's numbers at the chosen length. ``rng`` is unused: closed forms only."""
    p = params
    lengths = np.unique(np.geomspace(10, 5_000, 41).round().astype(int))
    return Explored(
        curves=(
            Curve(
                "power, exact (binomial)",
                tuple(lengths),
                tuple(power_exact(p.entropy, lengths, p.gamma, p.delta, p.z0)),
            ),
            Curve(
                "power, normal approximation",
                tuple(lengths),
                tuple(power_normal(p.entropy, lengths, p.gamma, p.delta, p.z0)),
            ),
        ),
        readout={
            "expected_z": closed_form(
                float(expected_z(p.entropy, p.text_length, p.gamma, p.delta)),
                f"expected z-score of a watermarked text (flagged above z₀ = {p.z0:g})",
                fmt=".2f",
            ),
            "power_exact": closed_form(
                float(power_exact(p.entropy, p.text_length, p.gamma, p.delta, p.z0)),
                "detection power: chance a watermarked text is flagged (exact)",
                fmt=".1%",
            ),
            "tokens_95": closed_form(
                float(tokens_for_power(p.entropy, QUOTED_POWER, p.gamma, p.delta, p.z0)),
                f"tokens needed for {QUOTED_POWER:.0%} power at this entropy (normal "
                "approximation)",
                unit="tokens",
                fmt=",",
            ),
        },
    )
