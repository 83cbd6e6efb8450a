"""If the synthetic share of new web text follows a given scenario, what happens to a
model retrained on each year's crawl?

This is a SCENARIO model, not a measurement. Every assumption is a field of
:class:`Params` and is printed in the caption:

- the synthetic share of newly published web text in year y follows a logistic curve
  with a centre (``midpoint``), a steepness (``slope``, per year) and a ``ceiling``,
  shifted and rescaled so that it is exactly zero up to ``start_year``
  (:func:`scenario_share`);
- each year's crawl holds ``n`` documents, reduced to one number each, of which
  m = round((1 − share)·n) are fresh human draws from the true N(μ₀, σ₀²) and the rest
  are sampled from the model trained the year before;
- the model is a Gaussian fitted by maximum likelihood, either on that year's crawl
  alone ("replace each year") or on every crawl since ``first_year`` pooled
  ("accumulate all crawls").

With λ = m/n the replace chain is the fresh-λ loop of
docs/derivations/fresh-data.md#fresh-gaussian-fixed-point with a λ that changes every
year. Its fixed point for a constant λ (derived on this site) is drawn as the "fixed
point" curve. The exact year-by-year expectations, for a λ that changes and for the
pooled variant, follow from the same one-step algebra and are derived on this site
(docs/derivations/fresh-data.md#yearly-crawl; :func:`replace_trajectory`,
:func:`accumulate_trajectory`); they reduce to the fixed point when the share stops
changing. The Monte Carlo runs the loop itself, drawing each crawl through its exact
sufficient statistics (:func:`sample_crawl`).

The measured points on the left are drawn only as context, in a different style from the
scenario, because they measure different things (see MEASUREMENTS). Embedded in
docs/essays/how-synthetic-is-the-web.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from simulations import _style
from simulations.engine import FigureMeta, Value, closed_form, parameter


@dataclass(frozen=True)
class Params:
    seed: int = 12345
    # The scenario (assumptions, not estimates).
    start_year: float = 2022.0  # share is zero up to here
    midpoint: float = 2025.0  # centre of the logistic
    slope: float = 1.0  # logistic steepness, per year
    ceiling: float = 0.5  # long-run synthetic share
    # The crawls and the model.
    first_year: int = 2020  # first crawl (all human under this scenario)
    last_year: int = 2040
    n: int = 100  # documents per crawl
    mu0: float = 0.0
    sigma0_sq: float = 1.0
    replicates: int = 100_000


PARAMS = Params()


@dataclass(frozen=True)
class Measurement:
    """A published number drawn as context. Not an input to the scenario."""

    key: str  # citation key in bibliography/references.bib
    source: str  # how the caption names it
    year: float  # decimal year the number refers to
    share: float  # as a fraction
    label: str  # the short text beside the point
    measures: str  # what the number measures


# Only numbers verified in the sources' own text or in syndicated copies of it.
MEASUREMENTS: tuple[Measurement, ...] = (
    # graphite2025articles: detector-based (Surfer), ~65,000 English-language URLs from
    # Common Crawl with article markup, published Jan 2020 - May 2025; an article counts
    # as AI-generated when the detector flags most of its text. Report text: "After only
    # 12 months, AI-generated articles accounted for nearly half (39%) of articles
    # published" (12 months after ChatGPT's launch in November 2022: Nov 2023).
    Measurement(
        key="graphite2025articles",
        source="Graphite (2025)",
        year=2023 + 10.5 / 12,
        share=0.39,
        label="39%",
        measures="share of new English web articles a detector classed as mainly AI-written",
    ),
    # graphite2025articles: "in November 2024, the quantity of AI-generated articles
    # being published on the web surpassed the quantity of human-written articles",
    # i.e. the classified share crossed 50%; drawn at 50%.
    Measurement(
        key="graphite2025articles",
        source="Graphite (2025)",
        year=2024 + 10.5 / 12,
        share=0.50,
        label="≈50%",
        measures="the same series crossing parity",
    ),
    # liang2024mapping: corpus-level estimate of the fraction of LLM-modified sentences
    # in papers (arXiv, bioRxiv, Nature portfolio), Jan 2020 - Feb 2024; abstract:
    # "the largest and fastest growth observed in Computer Science papers (up to
    # 17.5%)". A steady rise, so its maximum is drawn at the window's end, Feb 2024.
    Measurement(
        key="liang2024mapping",
        source="Liang et al. (2024)",
        year=2024 + 1.5 / 12,
        share=0.175,
        label="17.5% (CS)",
        measures="estimated fraction of LLM-modified sentences, computer-science papers",
    ),
    # liang2024mapping, same abstract: "Mathematics papers and the Nature portfolio
    # showed the least LLM modification (up to 6.3%)".
    Measurement(
        key="liang2024mapping",
        source="Liang et al. (2024)",
        year=2024 + 1.5 / 12,
        share=0.063,
        label="6.3% (maths, Nature)",
        measures="the same estimate for mathematics papers and Nature journals",
    ),
)


def _caption(p: Params) -> str:
    return (
        "(a) An assumed scenario, not a measurement. The synthetic share of newly "
        f"published web text is zero until {p.start_year:g}, then follows a logistic "
        f"curve centred on {p.midpoint:g} with slope {p.slope:g} per year, rising to a "
        f"ceiling of {p.ceiling:.0%}. Markers are published numbers that measure "
        "different things and are not comparable with each other or with the curve: "
        "Graphite (2025) classified new English-language web articles from Common "
        "Crawl with an AI detector (39% about a year after ChatGPT's release; crossing "
        "50% in November 2024); Liang et al. (2024) estimated, at corpus level, the "
        "fraction of LLM-modified sentences in scientific papers up to February 2024 "
        "(up to 17.5% in computer science, 6.3% in mathematics and Nature journals). "
        "Thompson et al. (2024) measured machine translation on the multilingual web, "
        "not a yearly share, so nothing of theirs is drawn. (b) A Gaussian model "
        f"retrained on each year's crawl of n = {p.n} points from {p.first_year} to "
        f"{p.last_year}, in which the human part is fresh from the truth and the "
        "synthetic part is sampled from last year's model. Plotted: the mean squared "
        "error of the fitted mean, relative to the same procedure on all-human crawls. "
        "Replacing the data each year settles at the fixed point of the fresh-data loop with "
        "λ = 1 − share (thick grey line); pooling all crawls has far more data, so its "
        "absolute error is lower, but it drifts further from its all-human twin. "
        "Markers: Monte Carlo "
        f"means over {p.replicates:,} replicates (seed {p.seed}); dashed: exact "
        "expectations derived on this site."
    )


META = FigureMeta(
    title="How synthetic is the web? A scenario and its effect on retraining",
    caption=_caption(PARAMS),
    alt=(
        "Two panels. Top: an S-shaped scenario curve for the synthetic share of new web "
        "text, flat at zero until [[value: start_year]], climbing through about "
        "[[value: share_2025]] in 2025 and levelling at [[value: ceiling]] after 2030. Four separate markers show published figures: "
        "Graphite's detector-based 39% in late 2023 and about 50% in late 2024, and "
        "Liang and colleagues' 17.5% and 6.3% for scientific papers in early 2024, "
        "with a note that these measure different things. Bottom: error relative to an "
        "all-human model, by year. Both strategies sit at 1 until 2022. Retraining on "
        "each year's crawl alone rises to about [[value: replace_ratio_2030]] by 2030 and "
        "stays there, matching the fixed-point curve; pooling all crawls keeps rising, to "
        "about [[value: accumulate_ratio_2040]] by 2040. "
        "Simulated markers lie on the dashed theory lines."
    ),
    essay="essays/how-synthetic-is-the-web.md",
)


# ---------------------------------------------------------------- closed forms


def scenario_share(year, start_year: float, midpoint: float, slope: float, ceiling: float):
    """The assumed synthetic share of newly published text in `year` (a fraction).

    share(y) = ceiling · (L(y) − L(y₀)) / (1 − L(y₀)) for y > y₀ = start_year, else 0,
    where L(y) = 1 / (1 + exp(−slope·(y − midpoint))). It is continuous, zero at the
    start year and tends to the ceiling.
    """
    year = np.asarray(year, dtype=float)

    def logistic(y):
        return 1.0 / (1.0 + np.exp(-slope * (y - midpoint)))

    l0 = logistic(start_year)
    return np.where(year > start_year, ceiling * (logistic(year) - l0) / (1.0 - l0), 0.0)


def fresh_counts(params: Params) -> tuple[np.ndarray, np.ndarray]:
    """Crawl years and the number m of fresh human points in each crawl."""
    years = np.arange(params.first_year, params.last_year + 1)
    share = scenario_share(years, params.start_year, params.midpoint, params.slope, params.ceiling)
    return years, np.rint((1.0 - share) * params.n).astype(int)


def c9_stationary(n: int, lam: float, sigma0_sq: float = 1.0) -> tuple[float, float]:
    """C9 (docs/derivations/fresh-data.md#fresh-gaussian-fixed-point): stationary (E[σ²], E[(μ − μ₀)²]) of the fresh-λ Gaussian loop.

    With a = 1 − λ: E[σ²]/σ₀² = λ(1 − 1/(n(1+a))) / (λ + a/(n(1+a))) and
    E[(μ − μ₀)²] = (λσ₀² + aE[σ²]) / (nλ(1+a)). n = 20, λ = 0.5: 0.935484, 0.0645161.
    """
    a = 1.0 - lam
    var = sigma0_sq * lam * (1 - 1 / (n * (1 + a))) / (lam + a / (n * (1 + a)))
    return var, (lam * sigma0_sq + a * var) / (n * lam * (1 + a))


def replace_step(var: float, mse: float, lam: float, n: int, sigma0_sq: float = 1.0):
    """One retraining on λn fresh + (1 − λ)n synthetic points (derived here, exact).

    E[σ'²] = (1 − 1/n)(λσ₀² + aE[σ²]) + aλE[(μ − μ₀)²] and
    E[(μ' − μ₀)²] = a²E[(μ − μ₀)²] + (λσ₀² + aE[σ²])/n, with a = 1 − λ. Its fixed point
    is :func:`c9_stationary`.
    """
    a = 1.0 - lam
    spread = lam * sigma0_sq + a * var
    return (1 - 1 / n) * spread + a * lam * mse, a * a * mse + spread / n


def replace_trajectory(lams, n: int, sigma0_sq: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Exact E[σ_y²] and E[(μ_y − μ₀)²] when each year's model is fitted to that crawl only.

    The model before the first crawl is the truth itself, as in the Monte Carlo.
    """
    var, mse = sigma0_sq, 0.0
    out = []
    for lam in lams:
        var, mse = replace_step(var, mse, lam, n, sigma0_sq)
        out.append((var, mse))
    arr = np.array(out)
    return arr[:, 0], arr[:, 1]


def accumulate_trajectory(
    lams, n: int, sigma0_sq: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact E[σ_y²], E[(μ_y − μ₀)²] and pool size N_y when every crawl is pooled.

    Derived here from the pooled sum of squares SS_y = SS_{y−1} + SS_batch +
    (N_{y−1}n/N_y)(x̄_batch − μ_{y−1})² and N_y e_y = (N_{y−1} + an)e_{y−1} + noise:
    E[SS_y] = E[SS_{y−1}] + (n − 1)s + naλD + (N_{y−1}n/N_y)(λ²D + s/n),
    D_y = ((N_{y−1} + an)/N_y)² D + n·s/N_y², with s = λσ₀² + aE[σ²_{y−1}],
    D = E[(μ_{y−1} − μ₀)²], a = 1 − λ. The model before the first crawl is the truth.
    """
    ss, mse, pool = 0.0, 0.0, 0
    out = []
    for lam in lams:
        a = 1.0 - lam
        var = ss / pool if pool else sigma0_sq
        s = lam * sigma0_sq + a * var
        new_pool = pool + n
        ss = ss + (n - 1) * s + n * a * lam * mse + (pool * n / new_pool) * (lam**2 * mse + s / n)
        mse = ((pool + a * n) / new_pool) ** 2 * mse + n * s / new_pool**2
        pool = new_pool
        out.append((ss / pool, mse, pool))
    arr = np.array(out)
    return arr[:, 0], arr[:, 1], arr[:, 2]


# ---------------------------------------------------------------- simulation


@dataclass(frozen=True)
class Result:
    params: Params
    curve_years: np.ndarray
    curve_share: np.ndarray
    years: np.ndarray
    lam: np.ndarray  # fresh fraction m/n actually used per crawl
    replace_mse: np.ndarray  # Monte Carlo mean of (μ_y − μ₀)²
    replace_mse_se: np.ndarray
    replace_var: np.ndarray
    replace_var_se: np.ndarray
    accumulate_mse: np.ndarray
    accumulate_mse_se: np.ndarray
    pool: np.ndarray


def sample_crawl(
    m: int,
    n: int,
    mu: np.ndarray,
    var: np.ndarray,
    rng: np.random.Generator,
    mu0: float = 0.0,
    sigma0_sq: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sum of squares about the mean of one crawl, for each replicate.

    m points are N(mu0, sigma0_sq) (human), n − m are N(mu, var) (last model's output).
    Drawn exactly through each group's sufficient statistics (group sum ~ normal,
    within-group sum of squares ~ scaled χ²), which costs O(replicates) instead of
    O(replicates × n); the tests check it against drawing the n points one by one.
    """
    R = mu.shape[0]
    k = n - m
    sum_h = m * mu0 + np.sqrt(m * sigma0_sq) * rng.standard_normal(R)
    sum_s = k * mu + np.sqrt(k * var) * rng.standard_normal(R)
    ss_h = sigma0_sq * rng.chisquare(m - 1, R) if m > 1 else np.zeros(R)
    ss_s = var * rng.chisquare(k - 1, R) if k > 1 else np.zeros(R)
    mean = (sum_h + sum_s) / n
    # Between-group part of the sum of squares (absent when the crawl is one group).
    ss_between = m * k / n * (sum_h / m - sum_s / k) ** 2 if 0 < m < n else 0.0
    return mean, ss_h + ss_s + ss_between


def simulate(params: Params, rng: np.random.Generator) -> Result:
    years, m = fresh_counts(params)
    n, R = params.n, params.replicates
    mu0, s0 = params.mu0, params.sigma0_sq

    mu_r = np.full(R, mu0)  # replace: last year's model
    var_r = np.full(R, s0)
    mu_a = np.full(R, mu0)  # accumulate: the pooled model
    var_a = np.full(R, s0)
    ss_pool = np.zeros(R)
    pool = 0

    stats = []
    for m_y in m:
        mean, ss = sample_crawl(int(m_y), n, mu_r, var_r, rng, mu0, s0)
        mu_r, var_r = mean, ss / n

        mean, ss = sample_crawl(int(m_y), n, mu_a, var_a, rng, mu0, s0)
        new_pool = pool + n  # merge the crawl into the pool (parallel-axis rule)
        ss_pool = ss_pool + ss + pool * n / new_pool * (mean - mu_a) ** 2
        mu_a = (pool * mu_a + n * mean) / new_pool
        pool = new_pool
        var_a = ss_pool / pool

        err_r = (mu_r - mu0) ** 2
        err_a = (mu_a - mu0) ** 2
        stats.append(
            (
                err_r.mean(),
                err_r.std(ddof=1),
                var_r.mean(),
                var_r.std(ddof=1),
                err_a.mean(),
                err_a.std(ddof=1),
                pool,
            )
        )
    st = np.array(stats)
    root_r = np.sqrt(R)
    curve_years = np.linspace(params.first_year, params.last_year, 401)
    return Result(
        params=params,
        curve_years=curve_years,
        curve_share=scenario_share(
            curve_years, params.start_year, params.midpoint, params.slope, params.ceiling
        ),
        years=years.astype(float),
        lam=m / n,
        replace_mse=st[:, 0],
        replace_mse_se=st[:, 1] / root_r,
        replace_var=st[:, 2],
        replace_var_se=st[:, 3] / root_r,
        accumulate_mse=st[:, 4],
        accumulate_mse_se=st[:, 5] / root_r,
        pool=st[:, 6],
    )


# ---------------------------------------------------------------- figure


def plot(result: Result) -> Figure:
    prm = result.params
    fig, (ax_a, ax_b) = _style.figure(2, 1, height=8.4)
    green, blue, vermilion = _style.PALETTE[2], _style.PALETTE[0], _style.PALETTE[1]

    # (a) the scenario and the published numbers
    ax_a.plot(
        result.curve_years,
        100 * result.curve_share,
        color=green,
        linewidth=2.4,
        label=f"scenario (assumed): ceiling {prm.ceiling:.0%}, midpoint {prm.midpoint:g}",
    )
    styles = {
        "graphite2025articles": dict(marker="D", color="#222222", markersize=8),
        "liang2024mapping": dict(marker="^", color=_style.PALETTE[3], markersize=9),
    }
    legend_text = {
        "graphite2025articles": "Graphite (2025): detector, web articles",
        "liang2024mapping": "Liang et al. (2024): LLM-modified sentences, papers",
    }
    for key in styles:
        pts = [mm for mm in MEASUREMENTS if mm.key == key]
        ax_a.plot(
            [mm.year for mm in pts],
            [100 * mm.share for mm in pts],
            linestyle="none",
            label=legend_text[key],
            **styles[key],
        )
        for mm in pts:
            ax_a.annotate(
                mm.label,
                xy=(mm.year, 100 * mm.share),
                xytext=(8, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=10,
                bbox=_style.LABEL_BOX,  # the scenario curve passes behind some values
            )
    caveat = "markers measure different things:\nnot comparable with each other\nor with the curve"
    phone = _style.current().layout == "phone"
    if not phone:
        ax_a.text(
            0.98,
            0.04,
            caveat,
            transform=ax_a.transAxes,
            ha="right",
            va="bottom",
            fontsize=10,
            style="italic",
            color="#444444",
        )
    ticks = np.arange(prm.first_year, prm.last_year + 1, 5)
    ax_a.set_xticks(ticks, [str(t) for t in ticks])
    ax_a.set_xlim(prm.first_year - 0.5, prm.last_year + 0.5)
    ax_a.set_ylim(0, 75)
    ax_a.set_title("(a) Synthetic share of new web text: a scenario")
    ax_a.set_xlabel("year")
    ax_a.set_ylabel("synthetic share (%)")
    if phone:
        # A phone panel has no free corner for the caveat: it heads the legend, which
        # hangs under the panel.
        ax_a.legend(loc="upper left", title=caveat, title_fontproperties={"style": "italic"})
    else:
        ax_a.legend(loc="upper left")

    # (b) what it does to a model retrained every year
    years, lam, n = result.years, result.lam, prm.n
    _, mse_replace = replace_trajectory(lam, n, prm.sigma0_sq)
    _, mse_acc, pool = accumulate_trajectory(lam, n, prm.sigma0_sq)
    clean = prm.sigma0_sq / n  # all-human error of one crawl
    stationary = np.array([c9_stationary(n, lm, prm.sigma0_sq)[1] for lm in lam]) / clean
    ax_b.plot(
        years,
        stationary,
        color="#777777",
        linewidth=4,
        alpha=0.45,
        solid_capstyle="round",
        label="fixed point at that year's share",
    )
    _style.simulated(
        ax_b,
        years,
        result.replace_mse / clean,
        label=f"replace each year: simulated, R = {prm.replicates:,}",
        color=blue,
        linestyle="none",
        marker="o",
        markersize=6,
    )
    _style.simulated(
        ax_b,
        years,
        result.accumulate_mse * result.pool / prm.sigma0_sq,
        label="accumulate all crawls: simulated",
        color=vermilion,
        linestyle="none",
        marker="s",
        markersize=6,
        markerfacecolor="none",
        markeredgewidth=1.6,
    )
    _style.theory(ax_b, years, mse_replace / clean, label="theory (closed form): replace")
    _style.theory(
        ax_b, years, mse_acc * pool / prm.sigma0_sq, label="theory (closed form): accumulate"
    )
    handles, labels = ax_b.get_legend_handles_labels()
    keep = [j for j, lab in enumerate(labels) if lab != "theory (closed form): accumulate"]
    ax_b.legend(
        [handles[j] for j in keep],
        ["theory (closed form)" if labels[j].startswith("theory") else labels[j] for j in keep],
        loc="upper left",
    )
    ax_b.set_xticks(ticks, [str(t) for t in ticks])
    ax_b.set_xlim(prm.first_year - 0.5, prm.last_year + 0.5)
    ax_b.set_ylim(0.9, None)
    ax_b.set_title("(b) A model retrained on each year's crawl")
    ax_b.set_xlabel("crawl year")
    ax_b.set_ylabel("error of fitted mean vs all-human (ratio)")
    return fig


def error_ratios(params: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Years and the exact error ratios of (b): replace and accumulate over all-human twins."""
    years, fresh = fresh_counts(params)
    lams = fresh / params.n
    human = np.ones_like(lams)
    _v, rep = replace_trajectory(lams, params.n)
    _v, rep0 = replace_trajectory(human, params.n)
    _v, acc, _pool = accumulate_trajectory(lams, params.n)
    _v, acc0, _pool = accumulate_trajectory(human, params.n)
    return years, rep / rep0, acc / acc0


def values(params: Params, result) -> dict[str, Value]:
    """The scenario's parameters and the exact error ratios the essay and alt text quote."""
    fixed = "derivations/fresh-data.md#fresh-gaussian-fixed-point"
    years, rep, acc = error_ratios(params)
    at = {int(y): i for i, y in enumerate(years)}
    _var, mse = c9_stationary(params.n, 1.0 - params.ceiling)
    out: dict[str, Value] = {
        "start_year": parameter(params.start_year, "last year with no synthetic text", fmt="d"),
        "midpoint": parameter(params.midpoint, "centre of the logistic scenario", fmt="d"),
        "ceiling": parameter(params.ceiling, "long-run synthetic share of new text", fmt="%"),
        "n": parameter(params.n, "documents per yearly crawl", fmt="d"),
        "replicates": parameter(params.replicates, "simulated replicates", fmt=","),
        "share_2025": closed_form(
            float(
                scenario_share(
                    2025, params.start_year, params.midpoint, params.slope, params.ceiling
                )
            ),
            "scenario synthetic share of new web text in 2025",
            fmt="%",
        ),
        "replace_ratio_limit": closed_form(
            mse * params.n,
            "error ratio of yearly replacement once the share is at its ceiling (fixed point)",
            fmt=".2f",
            derivation=fixed,
        ),
    }
    for year in (2030, 2040):
        out[f"accumulate_ratio_{year}"] = closed_form(
            float(acc[at[year]]),
            f"error ratio of the pooled crawls to an all-human pool in {year}",
            fmt=".1f",
        )
        out[f"replace_ratio_{year}"] = closed_form(
            float(rep[at[year]]), f"error ratio of yearly replacement in {year}", fmt=".2f"
        )
    return out
