"""Which curation rule keeps synthetic text out of a training corpus: provenance or detection?

Embedded in docs/essays/provenance-as-antidote.md. Closed forms (all derived on this site; the withdrawal rates echo longpre2024consent):
docs/derivations/provenance-curation.md#policies, #keep-likelihood-ratio and
#consent-withdrawal.

Every curation policy is summarised by two numbers (docs/derivations/provenance-curation.md#keep-rates): a = P(keep |
synthetic) and b = P(keep | human). With prevalence π of synthetic documents in the
candidate pool, the synthetic share of what is kept is r = πa / (πa + (1 − π)b).

- keep only verified (d1): a = φ, the rate at which synthetic documents carry credentials
  that verify (forged or misattributed signatures, compromised keys, people signing
  model output); b = c_h, the share of human documents that carry credentials at all.
- detector (d2): keep what a detector calls human; a = 1 − TPR, b = 1 − FPR.
- OR (d3): keep if verified, or if unverified and called human.
- AND (d4): keep only if verified and called human (detector errors independent of
  credentials).

Left panel: r against π for the four policies. The Monte Carlo draws a corpus of N
documents per prevalence; each document is independently synthetic with probability π,
carries a credential and is flagged by the detector independently given its origin. The
eight (origin × credential × flag) cell counts are drawn as one multinomial, which has
exactly the law of the per-document simulation and lets N be 10⁸ (needed because the
AND policy keeps about one synthetic document in 40,000).

Right panel (e2): if a fraction ρ of human documents is withdrawn from crawling (robots.txt
or terms of service) and synthetic documents are not, the synthetic share of a fresh crawl
rises from π to π / (π + (1 − π)(1 − ρ)). Simulated per document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from simulations import _style
from simulations.engine import FigureMeta, Value, closed_form, parameter

POLICIES = ("verified", "detector", "or", "and")
POLICY_NAMES = {
    "verified": "keep only verified",
    "detector": "detector",
    "or": "verified OR detector",
    "and": "verified AND detector",
}


@dataclass(frozen=True)
class Params:
    seed: int = 20240719
    tpr: float = 0.95  # detector true-positive rate on synthetic text
    fpr: float = 0.01  # detector false-positive rate on human text
    coverage: float = 0.2  # c_h: share of human documents with valid credentials
    forgery: float = 1e-3  # φ: share of synthetic documents with credentials that verify
    # left panel
    mc_prevalences: tuple[float, ...] = (0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98)
    corpus_documents: int = 100_000_000  # N per prevalence
    # right panel (e2)
    crawl_prevalences: tuple[float, ...] = (0.1, 0.3, 0.5)
    withdrawals: tuple[float, ...] = (0.0, 0.05, 0.1, 0.2, 0.28, 0.35, 0.45, 0.55, 0.65)
    anchors: tuple[float, ...] = (0.05, 0.28, 0.45)  # ρ echoing longpre2024consent
    crawl_documents: int = 200_000  # per (π, ρ) point


PARAMS = Params()

META = FigureMeta(
    title="Provenance gates versus detector filters",
    caption=(
        "(a) The share of synthetic documents left in a corpus after curation, against "
        "their share π in the candidate pool (log vertical scale). The detector catches [[value: tpr]] "
        "of synthetic text and wrongly flags [[value: fpr]] of human text; 20% of human documents carry "
        "verifiable credentials, and 1 synthetic document in 1,000 carries credentials "
        "that verify anyway (forged, misattributed or signed by a person). Keeping only "
        "verified documents leaves [[value: verified_share_pi5 | .1%]] synthetic at π = 0.5 against "
        "[[value: detector_share_pi5]] for the "
        "detector, but keeps only a fifth of the human text; accepting either signal (OR) "
        "inherits the detector's leak, while requiring both (AND) multiplies the two "
        "filters. Points: 10⁸ simulated documents per prevalence, with credentials and "
        "detector errors independent. (b) If a fraction ρ of human documents is "
        "withdrawn from crawling and synthetic documents are not, the synthetic share of "
        "a fresh crawl rises (from 0.30 to [[value: crawl_share_rho5 | .2f]], [[value: crawl_share_rho28 | .2f]] "
        "and [[value: crawl_share_rho45 | .2f]] at the marked ρ); points: "
        "200,000 simulated documents each. The marked ρ = 5%, 28% and 45% echo three "
        "restriction rates Longpre et al. (2024) report for the C4 corpus (tokens, most "
        "critical sources, terms of service); applying them uniformly to human text is "
        "an assumption. All rates are illustrative, not measurements. Seed 20240719."
    ),
    alt=(
        "Two panels. Left: on a log scale, the synthetic share of the kept corpus rises "
        "with the synthetic share of the pool for all four rules. The detector curve "
        "climbs from under 1% to over 70% at the right; the OR rule lies on top of it; "
        "keeping only verified documents stays seven to ten times lower ([[value: verified_share_pi9]] at 90% "
        "prevalence); the AND rule stays lowest, below 1% until the pool is about 97% "
        "synthetic. Simulated points "
        "sit on every dashed curve. Right: three rising curves for pools that are 10%, "
        "30% and 50% synthetic; as the withdrawn share of human content grows to 65%, "
        "the 30% pool's crawl becomes about 55% synthetic, with marked values "
        "[[value: crawl_share_rho5 | .2f]], [[value: crawl_share_rho28 | .2f]] and "
        "[[value: crawl_share_rho45 | .2f]] at 5%, 28% and 45% withdrawal."
    ),
    essay="essays/provenance-as-antidote.md",
)


# --- Closed forms (docs/derivations/provenance-curation.md) ---------------------------


def policy_rates(
    policy: str, tpr: float, fpr: float, coverage: float, forgery: float
) -> tuple[float, float]:
    """(a, b) = (P(keep | synthetic), P(keep | human)) for one curation policy (d1–d4).

    Args:
        policy: One of "verified", "detector", "or", "and".
        tpr: Detector true-positive rate on synthetic documents.
        fpr: Detector false-positive rate on human documents.
        coverage: c_h, share of human documents with credentials that verify.
        forgery: φ, share of synthetic documents with credentials that verify.
    """
    if policy == "verified":
        return forgery, coverage
    if policy == "detector":
        return 1.0 - tpr, 1.0 - fpr
    if policy == "or":
        return forgery + (1 - forgery) * (1 - tpr), coverage + (1 - coverage) * (1 - fpr)
    if policy == "and":
        return forgery * (1 - tpr), coverage * (1 - fpr)
    raise ValueError(f"unknown policy {policy!r}; choose one of {POLICIES}")


def kept_synthetic_share(prevalence, keep_synthetic: float, keep_human: float):
    """Synthetic share of what a policy keeps: r = πa / (πa + (1 − π)b) (d1–d4)."""
    pi = np.asarray(prevalence, dtype=float)
    syn = pi * keep_synthetic
    return syn / (syn + (1.0 - pi) * keep_human)


def keep_likelihood_ratio(keep_synthetic: float, keep_human: float) -> float:
    """d5: a policy's quality in one number, a/b; the lower, the cleaner the corpus at
    every prevalence (provenance beats detection iff φ/c_h < FNR/TNR)."""
    return keep_synthetic / keep_human


def crawl_synthetic_share(prevalence, withdrawn):
    """e2: synthetic share of a crawl after a fraction ρ of human documents withdraws,
    π / (π + (1 − π)(1 − ρ)), synthetic documents never withdrawing."""
    pi = np.asarray(prevalence, dtype=float)
    rho = np.asarray(withdrawn, dtype=float)
    return pi / (pi + (1.0 - pi) * (1.0 - rho))


# --- Simulation ------------------------------------------------------------------------


def cell_probabilities(prevalence: float, p: Params) -> np.ndarray:
    """Probabilities of the 8 cells (origin, credential, flag), origin-major order:
    synthetic then human; credential yes then no; flagged yes then no."""
    cells = []
    for origin_p, cred_p, flag_p in (
        (prevalence, p.forgery, p.tpr),
        (1.0 - prevalence, p.coverage, p.fpr),
    ):
        for cred in (cred_p, 1.0 - cred_p):
            for flag in (flag_p, 1.0 - flag_p):
                cells.append(origin_p * cred * flag)
    return np.asarray(cells)


#: Which of the 4 (credential, flag) cells of one origin each policy keeps.
_KEEP = {
    "verified": np.array([True, True, False, False]),
    "detector": np.array([False, True, False, True]),
    "or": np.array([True, True, False, True]),
    "and": np.array([False, True, False, False]),
}


def simulate_corpus(
    rng: np.random.Generator, prevalence: float, documents: int, p: Params
) -> np.ndarray:
    """Draw one corpus of ``documents`` documents as its 8 cell counts.

    Returns:
        Counts in the order of :func:`cell_probabilities`.
    """
    return rng.multinomial(documents, cell_probabilities(prevalence, p))


def apply_policies(cells: np.ndarray) -> dict[str, tuple[int, int]]:
    """For each policy, (synthetic documents kept, human documents kept) from 8 cell counts."""
    synthetic, human = np.asarray(cells[:4]), np.asarray(cells[4:])
    return {
        name: (int(synthetic[keep].sum()), int(human[keep].sum())) for name, keep in _KEEP.items()
    }


def simulate_crawl(
    rng: np.random.Generator, prevalence: float, withdrawn: float, documents: int
) -> float:
    """Per-document crawl: each document is synthetic with probability π; each human
    document is withdrawn with probability ρ. Returns the synthetic share of the rest."""
    synthetic = rng.random(documents) < prevalence
    withdrawn_mask = ~synthetic & (rng.random(documents) < withdrawn)
    kept = ~withdrawn_mask
    return float(synthetic[kept].mean())


@dataclass(frozen=True)
class Result:
    params: Params
    cells: np.ndarray  # (len(mc_prevalences), 8) cell counts, see cell_probabilities
    crawl_share: np.ndarray  # (len(crawl_prevalences), len(withdrawals))


def simulate(params: Params, rng: np.random.Generator) -> Result:
    """Simulate both panels (see the module docstring)."""
    cells = np.array(
        [simulate_corpus(rng, pi, params.corpus_documents, params) for pi in params.mc_prevalences]
    )
    crawl = np.array(
        [
            [simulate_crawl(rng, pi, rho, params.crawl_documents) for rho in params.withdrawals]
            for pi in params.crawl_prevalences
        ]
    )
    return Result(params, cells, crawl)


# --- Figure ----------------------------------------------------------------------------

_COLORS = dict(zip(POLICIES, _style.PALETTE, strict=False))
_MARKERS = {"verified": "o", "detector": "s", "or": "^", "and": "D"}
_SHORT = {"verified": "verified only", "detector": "detector", "or": "OR", "and": "AND"}


def plot(result: Result) -> Figure:
    """Left: kept synthetic share by policy; right: consent withdrawal (e2)."""
    p = result.params
    fig, (ax_l, ax_r) = _style.figure(1, 2, height=4.6)

    # Left: synthetic share of the kept corpus
    pi_dense = np.linspace(0.005, 0.995, 199)
    pi_mc = np.asarray(p.mc_prevalences)
    handles = []
    for name in POLICIES:
        a, b = policy_rates(name, p.tpr, p.fpr, p.coverage, p.forgery)
        (theory,) = _style.theory(
            ax_l,
            pi_dense,
            kept_synthetic_share(pi_dense, a, b),
            label=f"theory, {POLICY_NAMES[name]} (closed form)",
        )
        kept = np.array([apply_policies(c)[name] for c in result.cells])
        share = kept[:, 0] / kept.sum(axis=1)
        (sim,) = _style.simulated(
            ax_l,
            pi_mc,
            share,
            linestyle="none",
            marker=_MARKERS[name],
            color=_COLORS[name],
            label=f"simulated, {POLICY_NAMES[name]}",
        )
        handles.append(sim)
    ax_l.set_yscale("log")
    ax_l.set_ylim(2e-6, 2)
    ax_l.set_xlim(0, 1)
    ax_l.set_title("(a) Synthetic share kept")
    ax_l.set_xlabel("synthetic share of pool π (fraction)")
    ax_l.set_ylabel("synthetic share of kept corpus (fraction)")
    ax_l.legend(
        [*handles, theory],
        [_SHORT[n] for n in POLICIES] + ["theory"],
        loc="upper left",
        handlelength=1.2,
    )

    # Right: consent withdrawal raises the synthetic share of a fresh crawl (e2)
    rho_dense = np.linspace(0, max(p.withdrawals), 131)
    rho_mc = np.asarray(p.withdrawals)
    orange = _style.PALETTE[4]
    for j, pi in enumerate(p.crawl_prevalences):
        (theory,) = _style.theory(
            ax_r,
            rho_dense,
            crawl_synthetic_share(pi, rho_dense),
            label=f"theory, π = {pi:g} (closed form)",
        )
        (sim,) = _style.simulated(
            ax_r,
            rho_mc,
            result.crawl_share[j],
            linestyle="none",
            color=orange,
            marker="o",
            label=f"simulated, π = {pi:g}",
        )
        end = float(crawl_synthetic_share(pi, rho_dense[-1]))
        ax_r.text(rho_dense[-1] - 0.01, end + 0.035, f"π = {pi:g}", ha="right", fontsize=10)
    focus = 0.3 if 0.3 in p.crawl_prevalences else p.crawl_prevalences[0]
    for rho in p.anchors:
        value = float(crawl_synthetic_share(focus, rho))
        ax_r.axvline(rho, color="#999999", linewidth=0.8, linestyle=":")
        ax_r.annotate(
            f"{value:.2f}".lstrip("0"),
            xy=(rho, value),
            xytext=(rho + 0.008, value - 0.06),
            fontsize=10,
            color="#333333",
        )
    ax_r.set_xlim(0, max(p.withdrawals))
    ax_r.set_ylim(0, 1)
    ax_r.set_title("(b) Consent withdrawal")
    ax_r.set_xlabel("withdrawn share ρ (fraction)")
    ax_r.set_ylabel("synthetic share of crawl (fraction)")
    ax_r.legend([theory, sim], ["theory", "simulated"], loc="upper left")
    return fig


#: The prevalence at which the essay asks what the verified-only gate still keeps.
HIGH_TIDE = 0.99


def values(params: Params, result: Result) -> dict[str, Value]:
    """The kept shares, ratios and crawl shares the essay quotes, all closed forms."""
    d = "derivations/provenance-curation.md"
    rates = {
        policy: policy_rates(policy, params.tpr, params.fpr, params.coverage, params.forgery)
        for policy in POLICIES
    }
    out: dict[str, Value] = {
        "tpr": parameter(params.tpr, "detector true-positive rate", fmt="%"),
        "fpr": parameter(params.fpr, "detector false-positive rate", fmt="%"),
        "coverage": parameter(
            params.coverage, "c_h: human documents with valid credentials", fmt=".1f"
        ),
        "forgery": parameter(
            params.forgery,
            "φ: synthetic documents whose credentials verify (forged or misattributed)",
            fmt="1 sci",
        ),
        "verified_ratio": closed_form(
            keep_likelihood_ratio(*rates["verified"]),
            "φ/c_h, the verified-only gate's keep ratio",
            fmt=".3f",
            derivation=f"{d}#keep-likelihood-ratio",
        ),
        "detector_ratio": closed_form(
            keep_likelihood_ratio(*rates["detector"]),
            "miss rate over pass rate, the detector's keep ratio",
            fmt=".4f",
            derivation=f"{d}#keep-likelihood-ratio",
        ),
        "miss_rate": closed_form(
            1 - params.tpr, "detector miss rate on synthetic text, 1 − TPR", fmt=".2f"
        ),
        "pass_rate": closed_form(
            1 - params.fpr, "detector pass rate on human text, 1 − FPR", fmt=".2f"
        ),
        "and_yield": closed_form(
            rates["and"][1],
            "share of human documents the AND hybrid keeps",
            fmt=".3f",
            derivation=f"{d}#policies",
        ),
        "high_tide": parameter(
            HIGH_TIDE, "π at which the essay asks what the verified-only gate keeps", fmt=".2f"
        ),
        "verified_share_pi99": closed_form(
            float(kept_synthetic_share(HIGH_TIDE, *rates["verified"])),
            f"synthetic share the verified-only gate keeps at π = {HIGH_TIDE:g}",
            fmt="2 sig",
            derivation=f"{d}#keep-rates",
        ),
    }
    # Printed as the essay prints them: two significant figures, as per cent.
    formats = {
        "verified": (".3%", ".2%", ".1%"),
        "detector": (".2%", ".1%", "%"),
        "or": (".2%", ".1%", "%"),
        "and": (".3%", ".3%", ".2%"),
    }
    for policy in POLICIES:
        for pi, fmt in zip((0.1, 0.5, 0.9), formats[policy], strict=True):
            out[f"{policy}_share_pi{round(pi * 10)}"] = closed_form(
                float(kept_synthetic_share(pi, *rates[policy])),
                f"synthetic share kept by the {policy} policy at π = {pi}",
                fmt=fmt,
                derivation=f"{d}#policies",
            )
    for rho in params.anchors:
        out[f"crawl_share_rho{round(rho * 100)}"] = closed_form(
            float(crawl_synthetic_share(0.3, rho)),
            f"synthetic share of a crawl with π = 0.3 after {rho:.0%} of human text withdraws",
            fmt=".3f",
            derivation=f"{d}#consent-withdrawal",
        )
    return out
