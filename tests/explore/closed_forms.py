"""The readouts an explorable must show, computed from each module's closed forms."""

from __future__ import annotations

import importlib

from simulations.engine.values import format_number

#: The explorable figures and the essays that embed them.
EXPLORABLES = {
    "gaussian_collapse": "essays/copy-of-a-copy/",
    "detector_base_rates": "essays/why-detectors-cannot-save-us/",
    "watermark_detection": "essays/why-detectors-cannot-save-us/",
    "fresh_data": "essays/fresh-human-data/",
}


def closed_form_readouts(name: str, p) -> dict[str, str]:
    """The closed-form readouts of figure ``name`` at parameters ``p``, as the page shows them.

    Computed here by calling the module's own closed-form functions (never read from the
    data file), and formatted with the site's value formats.
    """
    module = importlib.import_module(f"simulations.{name}")
    if name == "gaussian_collapse":
        n, G = p.n, p.generations
        return {
            "var_ratio_end": format_number(float(module.expected_variance_mle(n, G)), "3 sig"),
            "log_var_mle_end": format_number(float(module.expected_log_variance(n, G)), ".2f"),
            "sqerr_mle_end": format_number(float(module.mean_sq_error_mle(n, G)), "3 sig"),
            "sqerr_unbiased_end": format_number(G / n, "3 sig"),
        }
    if name == "detector_base_rates":
        return {
            "precision": format_number(float(module.precision(p.prevalence, p.tpr, p.fpr)), ".1%"),
            "kept_share": format_number(
                float(module.kept_synthetic_share(p.prevalence, p.tpr, p.fpr)), "3 sig"
            ),
        }
    if name == "watermark_detection":
        return {
            "expected_z": format_number(
                float(module.expected_z(p.entropy, p.text_length, p.gamma, p.delta)), ".2f"
            ),
            "power_exact": format_number(
                float(module.power_exact(p.entropy, p.text_length, p.gamma, p.delta, p.z0)), ".1%"
            ),
        }
    lam = p.share
    return {
        "n_eff": format_number(p.n * lam * (2 - lam) + (1 - lam), ".1f") + " points",
        "stationary_variance": format_number(float(module.stationary_variance(p.n, lam)), ".3f"),
    }
