"""What do hashes, Merkle proofs and sampling audits guarantee, in numbers?

Embedded in docs/essays/provenance-as-antidote.md (also used by field-guide.md and
how-this-site-keeps-provenance.md). Closed forms (derived on this site):
docs/derivations/fixity.md#tamper-detection, #identifier-collisions,
#inclusion-proof-length and #sampling-audit. Panel (a) uses the project's own RFC 9162 Merkle tree, ``provenance.merkle``:
the very code that computes the site's manifest root.

Four panels:

(a) Inclusion proofs: a tree of 10⁶ leaves is built once; for 49 tree sizes from 1 to
    10⁶ the proofs of the first, the last and 30 random leaves are generated for that
    size (as a transparency log answers proofs against an older tree head), each one is
    verified against that size's root, and their lengths are compared with ⌈log₂ n⌉ (c4).
(b) Tamper evidence of a b-bit digest (c1): random 64-byte documents each get one byte
    changed; an edit goes unnoticed when the first b bits of the leaf hash
    SHA-256(0x00 ‖ document) are unchanged. Theory: 2^−b for an ideal digest.
(c) Sampling fixity audit (c6): m of n objects are corrupted and k objects, drawn without
    replacement, are checked. P(miss) = C(n−m, k) / C(n, k) ≈ (1 − m/n)^k. The Monte Carlo
    draws the corrupted set at random and audits a fixed set of k (the same law, by
    symmetry), so one replicate answers every k at once.
(d) Birthday collisions of random b-bit identifiers (c3): P ≈ 1 − exp(−n(n−1)/2^{b+1}).
    Only 32-bit identifiers can be simulated (streams of random identifiers, recording
    when the first repeat occurs); longer identifiers are theory only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from provenance.merkle import MerkleTree, leaf_hash, verify_inclusion
from simulations import _style
from simulations.engine import FigureMeta, Value, closed_form, parameter


@dataclass(frozen=True)
class Params:
    seed: int = 9162
    # (a) inclusion-proof lengths
    tree_leaves: int = 1_000_000  # the largest tree size n
    size_points: int = 49  # tree sizes, log-spaced from 1 to tree_leaves
    random_leaves: int = 30  # random leaves proved per size (plus the first and last)
    # (b) tamper detection by a truncated digest
    digest_bits: tuple[int, ...] = tuple(range(1, 13))
    edits: int = 262_144  # = 64 · 2^12: ≥ 50 · 2^b trials for every b ≤ 12
    document_bytes: int = 64
    # (c) sampling audit
    objects: int = 10_000  # n
    corrupted: int = 50  # m
    audit_sizes: tuple[int, ...] = (50, 100, 200, 300, 400, 500, 600, 800, 1_000, 1_200)
    audit_replicates: int = 100_000
    # (d) identifier collisions
    id_bits: tuple[int, ...] = (32, 64, 128, 160, 256)
    example_objects: float = 2.5e10  # the c3 example
    mc_id_bits: int = 32
    mc_streams: int = 250
    mc_stream_length: int = 140_000  # = the largest n simulated
    mc_objects: tuple[int, ...] = (20_000, 30_000, 50_000, 70_000, 100_000, 140_000)


PARAMS = Params()

META = FigureMeta(
    title="What hashes, Merkle proofs and sampling audits guarantee",
    caption=(
        "(a) Inclusion proofs from this site's own RFC 9162 Merkle-tree code: for 49 tree "
        "sizes up to a million leaves, proofs for the first, the last and 30 random leaves "
        "were generated and verified; the longest has exactly ⌈log₂ n⌉ hashes "
        "([[value: proof_hashes_1e6]] hashes, [[value: proof_bytes_1e6]] bytes, at a million "
        "leaves). (b) Random one-byte edits to [[value: edits]] random "
        "64-byte documents, checked against only the first b bits of their SHA-256 leaf "
        "hash: the share that slips through follows 2^−b (bars: 95% intervals). "
        "(c) A fixity audit that checks k of n = [[value: objects]] objects, [[value: corrupted]] of them corrupted, "
        "chosen without replacement: the exact miss probability ([[value: miss_k300]] at k = 300) is "
        "slightly below the with-replacement approximation (1 − m/n)^k; [[value: audit_replicates]] "
        "simulated audits. (d) The chance that any two of n random identifiers coincide, by "
        "identifier length (birthday approximation); the dotted line marks 25 billion "
        "identifiers. Only 32-bit identifiers can be simulated (250 random streams). "
        "Assumptions: edits and corruptions are random, not chosen by an attacker who can "
        "search for collisions; identifiers are uniformly random. Seed [[value: seed]]."
    ),
    alt=(
        "Four panels. Top left: proof length in hashes against tree size on a log axis "
        "climbs in steps from 0 to 20; the measured longest proofs sit exactly on the "
        "dashed staircase ⌈log₂ n⌉ and the average proof is slightly shorter. Top right: "
        "on a log scale, the share of undetected edits halves with every extra digest bit, "
        "from one half at 1 bit to about 1 in 4,000 at 12 bits, the points on the dashed "
        "line. Bottom left: the chance an audit misses every corrupted object falls from "
        "near 1 to about [[value: miss_k1200]] as 1,200 objects are checked, "
        "[[value: miss_k300]] at 300, with "
        "simulated points on the exact curve and the approximation just above it. Bottom "
        "right: collision probability against the number of identifiers, on log-log axes: "
        "32-bit identifiers collide almost surely past a few hundred thousand objects, "
        "while at 25 billion objects the chance is about 10⁻²⁸ for 160 bits and 10⁻⁵⁷ "
        "for 256 bits."
    ),
    essay="essays/provenance-as-antidote.md",
)


# --- Closed forms (docs/derivations/fixity.md) ---------------------------------------


def max_proof_length(n):
    """c4: the longest inclusion proof in an RFC 9162 tree of n ≥ 1 leaves, ⌈log₂ n⌉.

    Computed exactly in integers (the bit length of n − 1).
    """
    n = np.asarray(n, dtype=np.int64)
    out = np.array([(int(v) - 1).bit_length() for v in n.ravel()], dtype=np.int64)
    return out.reshape(n.shape)


def undetected_probability(bits):
    """c1: chance that a random change leaves an ideal b-bit digest unchanged, 2^−b."""
    return np.exp2(-np.asarray(bits, dtype=float))


def audit_miss_probability(n: int, m: int, k):
    """c6, exact: P(k objects drawn without replacement from n all miss the m corrupted).

    C(n−m, k) / C(n, k) = ∏_{i<k} (n−m−i) / (n−i); zero once k > n − m.
    """
    k = np.asarray(k, dtype=np.int64)
    kmax = int(k.max(initial=0))
    i = np.arange(kmax, dtype=float)
    factors = np.clip((n - m - i) / (n - i), 0.0, None)
    table = np.concatenate([[1.0], np.cumprod(factors)])
    return table[k]


def audit_miss_approximation(n: int, m: int, k):
    """c6, approximation: the same miss probability with replacement, (1 − m/n)^k."""
    return (1.0 - m / n) ** np.asarray(k, dtype=float)


def audit_size_for_miss(n: int, m: int, beta: float) -> int:
    """c6: an audit size k ≥ (n/m)·ln(1/β) keeps the miss probability at or below β."""
    return math.ceil(n / m * math.log(1.0 / beta))


def collision_probability(n, bits):
    """c3: P(some two of n uniformly random b-bit identifiers coincide), birthday form
    1 − exp(−n(n−1)/2^{b+1}), evaluated without cancellation for tiny values."""
    n = np.asarray(n, dtype=float)
    return -np.expm1(-n * (n - 1.0) / 2.0 ** (np.asarray(bits, dtype=float) + 1.0))


# --- Simulation ------------------------------------------------------------------------


def _leaf_data(i: int) -> bytes:
    """The data of leaf i in panel (a)'s tree: its index as 8 big-endian bytes."""
    return int(i).to_bytes(8, "big")


def build_tree(leaves: int) -> MerkleTree:
    """Panel (a)'s tree: leaf i holds ``_leaf_data(i)`` (inlined here for speed)."""
    return MerkleTree([i.to_bytes(8, "big") for i in range(leaves)])


def tree_sizes(max_leaves: int, points: int) -> np.ndarray:
    """Distinct integer tree sizes, log-spaced from 1 to ``max_leaves``."""
    return np.unique(np.round(np.logspace(0, np.log10(max_leaves), points)).astype(np.int64))


def measure_proofs(
    tree: MerkleTree, sizes: np.ndarray, random_leaves: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Generate and verify real inclusion proofs for each tree size.

    For every size n, proves the first leaf, the last leaf and ``random_leaves`` random
    leaves against the tree of the first n leaves, verifies each proof against that
    tree's root, and records the lengths.

    Returns:
        (longest proof per size, mean length over the random leaves per size).

    Raises:
        RuntimeError: If any proof fails to verify (a bug in the Merkle code).
    """
    longest = np.zeros(len(sizes), dtype=np.int64)
    mean_random = np.zeros(len(sizes))
    for j, n in enumerate(sizes.tolist()):
        root = tree.root(n)
        picks = rng.integers(0, n, random_leaves)
        lengths = []
        for i in [0, n - 1, *picks.tolist()]:
            proof = tree.inclusion_proof(i, n)
            if not verify_inclusion(_leaf_data(i), i, n, proof, root):
                raise RuntimeError(f"inclusion proof for leaf {i} of {n} did not verify")
            lengths.append(len(proof))
        longest[j] = max(lengths)
        mean_random[j] = np.mean(lengths[2:])
    return longest, mean_random


def digest_agreement_bits(rng: np.random.Generator, edits: int, document_bytes: int) -> np.ndarray:
    """Edit random documents once each and compare their leaf hashes before and after.

    Each trial draws a fresh random document, XORs one random byte with a random
    non-zero value (so the document really changes), and hashes both versions with
    ``leaf_hash`` (SHA-256 with the RFC 9162 leaf prefix).

    Returns:
        For each trial, how many leading bits of the two digests agree (0 to 32): a
        b-bit truncated digest misses the edit exactly when this is ≥ b.
    """
    docs = rng.integers(0, 256, size=(edits, document_bytes), dtype=np.uint8)
    edited = docs.copy()
    rows = np.arange(edits)
    edited[rows, rng.integers(0, document_bytes, edits)] ^= rng.integers(
        1, 256, edits, dtype=np.uint8
    )

    def leading_words(arr: np.ndarray) -> np.ndarray:
        view = memoryview(arr.tobytes())
        step = arr.shape[1]
        digests = b"".join(leaf_hash(view[o : o + step]) for o in range(0, len(view), step))
        heads = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 32)[:, :4]
        return heads.copy().view(">u4").ravel().astype(np.uint64)

    differ = leading_words(docs) ^ leading_words(edited)
    # frexp gives the exact bit length of a positive integer as its exponent.
    bit_length = np.frexp(differ.astype(np.float64))[1]
    return (32 - bit_length).astype(np.int64)


def first_corrupted_positions(
    rng: np.random.Generator, n: int, m: int, replicates: int
) -> np.ndarray:
    """For each replicate, a uniformly random set of m distinct corrupted positions among
    n; returns the smallest. An audit of positions 0..k−1 misses every corrupted object
    exactly when that smallest position is ≥ k.

    Distinct sets are drawn by rejection: redraw any row that repeats a position.
    """
    draws = rng.integers(0, n, size=(replicates, m))
    draws.sort(axis=1)
    bad = (draws[:, 1:] == draws[:, :-1]).any(axis=1)
    while bad.any():
        redo = rng.integers(0, n, size=(int(bad.sum()), m))
        redo.sort(axis=1)
        draws[bad] = redo
        bad = (draws[:, 1:] == draws[:, :-1]).any(axis=1)
    return draws[:, 0]


def first_repeat_times(
    rng: np.random.Generator, bits: int, streams: int, length: int
) -> np.ndarray:
    """Issue random b-bit identifiers (b ≤ 64) in streams; when does the first repeat occur?

    Returns:
        Per stream, the number of identifiers issued when one first equals an earlier
        one (``length + 1`` if no repeat occurs within the stream). Then P(some collision
        among the first n) is estimated by the share of streams with a value ≤ n.
    """
    dtype = np.uint32 if bits <= 32 else np.uint64
    ids = rng.integers(0, 2**bits, size=(streams, length), dtype=dtype)
    ordered = np.sort(ids, axis=1)
    repeated = ordered[:, 1:] == ordered[:, :-1]
    times = np.full(streams, length + 1, dtype=np.int64)
    for row in np.flatnonzero(repeated.any(axis=1)):
        values = np.unique(ordered[row, 1:][repeated[row]])
        where = np.flatnonzero(np.isin(ids[row], values))
        vals = ids[row, where]
        order = np.lexsort((where, vals))
        vals, where = vals[order], where[order]
        later = where[1:][vals[1:] == vals[:-1]]  # second and later occurrences
        times[row] = int(later.min()) + 1
    return times


@dataclass(frozen=True)
class Result:
    params: Params
    sizes: np.ndarray  # (a) tree sizes n
    longest: np.ndarray  # (a) longest measured proof per size (hashes)
    mean_random: np.ndarray  # (a) mean proof length over the random leaves
    undetected: np.ndarray  # (b) count of undetected edits per digest length
    miss_rate: np.ndarray  # (c) simulated P(miss) per audit size
    repeat_times: np.ndarray  # (d) first-repeat time per stream of 32-bit identifiers


def simulate(params: Params, rng: np.random.Generator) -> Result:
    """Run the four experiments (see the module docstring)."""
    tree = build_tree(params.tree_leaves)
    sizes = tree_sizes(params.tree_leaves, params.size_points)
    longest, mean_random = measure_proofs(tree, sizes, params.random_leaves, rng)
    del tree

    agree = digest_agreement_bits(rng, params.edits, params.document_bytes)
    bits = np.asarray(params.digest_bits)
    undetected = (agree[None, :] >= bits[:, None]).sum(axis=1)

    smallest = first_corrupted_positions(
        rng, params.objects, params.corrupted, params.audit_replicates
    )
    k = np.asarray(params.audit_sizes)
    miss_rate = (smallest[None, :] >= k[:, None]).mean(axis=1)

    repeat_times = first_repeat_times(
        rng, params.mc_id_bits, params.mc_streams, params.mc_stream_length
    )
    return Result(params, sizes, longest, mean_random, undetected, miss_rate, repeat_times)


# --- Figure ----------------------------------------------------------------------------


def _sci(x: float) -> str:
    """2.5e10 -> '2.5×10¹⁰' (plain Unicode, no LaTeX)."""
    mantissa, exponent = f"{x:.1e}".split("e")
    sup = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa.rstrip('0').rstrip('.')}×10{sup}"


#: Where panel (d) names each curve: the probability level at which the label sits,
#: just right of (below) the curve, chosen so that no label meets another mark.
_LABEL_LEVELS = {32: 1e-5, 64: 1e-12, 128: 1e-28, 160: 1e-40, 256: 1e-52}


def plot(result: Result) -> Figure:
    """Four panels: proof length, digest tamper check, sampling audit, identifier collisions."""
    p = result.params
    fig, axes = _style.figure(2, 2, height=7.6)
    (ax_a, ax_b), (ax_c, ax_d) = axes
    blue, vermilion, green = _style.PALETTE[0], _style.PALETTE[1], _style.PALETTE[2]
    grey = "#555555"

    # (a) inclusion-proof length against tree size
    # The staircase changes value only just after powers of two: n = 1, 2, 3, 5, 9, 17, ...
    jumps = [1, *(2**j + 1 for j in range(int(p.tree_leaves - 1).bit_length()))]
    dense = np.array(sorted({n for n in jumps if n <= p.tree_leaves} | {p.tree_leaves}))
    _style.theory(
        ax_a, dense, max_proof_length(dense), label="theory ⌈log₂ n⌉", drawstyle="steps-post"
    )
    _style.simulated(
        ax_a,
        result.sizes,
        result.longest,
        label="longest proof, measured",
        linestyle="none",
        marker="o",
        markersize=6,
        markerfacecolor="none",
        color=blue,
    )
    _style.simulated(
        ax_a,
        result.sizes,
        result.mean_random,
        label=f"mean of {p.random_leaves} random leaves, measured",
        linestyle="none",
        marker="s",
        markersize=2.5,
        color=vermilion,
        zorder=6,
    )
    ax_a.set_xscale("log")
    ax_a.set_xticks([1, 1e2, 1e4, 1e6])
    ax_a.set_yticks([0, 5, 10, 15, 20])
    ax_a.set_ylim(-1, 27)  # headroom for the legend above the staircase
    ax_a.set_title("(a) Inclusion-proof length")
    ax_a.set_xlabel("tree size n (leaves)")
    ax_a.set_ylabel("proof length (hashes)")
    handles, _ = ax_a.get_legend_handles_labels()
    ax_a.legend(
        handles,
        ["theory ⌈log₂ n⌉", "longest, measured", "mean, measured"],
        loc="upper left",
        handlelength=1.5,
    )

    # (b) tamper detection with a b-bit digest
    bits = np.asarray(p.digest_bits, dtype=float)
    rate = result.undetected / p.edits
    half_width = 1.96 * np.sqrt(rate * (1.0 - rate) / p.edits)
    fine = np.linspace(bits.min(), bits.max(), 100)
    _style.theory(ax_b, fine, undetected_probability(fine), label="theory 2⁻ᵇ (closed form)")
    ax_b.errorbar(
        bits,
        rate,
        yerr=half_width,
        fmt="o",
        color=blue,
        markersize=5,
        label=f"simulated, {p.edits:,} edits",
    )
    ax_b.set_yscale("log")
    ax_b.set_xticks([1, 4, 8, 12])
    ax_b.set_title("(b) Edits a b-bit digest misses")
    ax_b.set_xlabel("digest length b (bits)")
    ax_b.set_ylabel("P(undetected) (probability)")
    handles, _ = ax_b.get_legend_handles_labels()
    ax_b.legend(handles, ["theory 2⁻ᵇ", "simulated"], loc="lower left")

    # (c) sampling audit
    k_dense = np.linspace(0, max(p.audit_sizes), 121).round().astype(np.int64)
    exact = audit_miss_probability(p.objects, p.corrupted, k_dense)
    _style.theory(ax_c, k_dense, exact, label="theory, exact (closed form)")
    ax_c.plot(
        k_dense,
        audit_miss_approximation(p.objects, p.corrupted, k_dense),
        linestyle=":",
        color=green,
        linewidth=2.2,
        label="approximation (1 − m/n)^k",
    )
    _style.simulated(
        ax_c,
        np.asarray(p.audit_sizes),
        result.miss_rate,
        linestyle="none",
        color=blue,
        label=f"simulated, R = {p.audit_replicates:,} audits",
    )
    k_ex = 300
    p_ex = float(audit_miss_probability(p.objects, p.corrupted, k_ex))
    ax_c.annotate(
        f"{p_ex:.3f} at k = {k_ex}",
        xy=(k_ex, p_ex),
        xytext=(k_ex + 150, p_ex * 2.0),
        fontsize=10,
        color=grey,
        arrowprops={"arrowstyle": "-", "color": grey, "lw": 0.8},
    )
    ax_c.set_yscale("log")
    ax_c.set_title(f"(c) Audit, {p.corrupted} bad of {p.objects:,}")
    ax_c.set_xlabel("objects audited k (count)")
    ax_c.set_ylabel("P(miss) (probability)")
    handles, _ = ax_c.get_legend_handles_labels()
    ax_c.legend(handles, ["exact", "(1 − m/n)^k", "simulated"], loc="lower left")

    # (d) identifier collisions (birthday approximation)
    n_dense = np.logspace(2, 19, 171)
    floor = 1e-62
    theory_handle = None
    for b in p.id_bits:
        prob = collision_probability(n_dense, b)
        keep = prob > floor  # below the axis: left out, not drawn as zeros
        (line,) = _style.theory(
            ax_d, n_dense[keep], prob[keep], label=f"theory, {b}-bit identifiers"
        )
        theory_handle = theory_handle or line
        level = _LABEL_LEVELS.get(b, 1e-6)
        x_level = math.sqrt(level * 2.0 ** (b + 1))
        ax_d.text(
            x_level * 2.5, level, f"{b}-bit", ha="left", va="center", fontsize=10,
            bbox=_style.LABEL_BOX,
        )  # fmt: skip
    n_mc = np.asarray(p.mc_objects, dtype=float)
    rate = (result.repeat_times[None, :] <= n_mc[:, None]).mean(axis=1)
    half_width = 1.96 * np.sqrt(rate * (1.0 - rate) / p.mc_streams)
    mc = ax_d.errorbar(
        n_mc,
        rate,
        yerr=half_width,
        fmt="o",
        color=blue,
        markersize=4,
        label=f"simulated, {p.mc_id_bits}-bit, {p.mc_streams} streams",
    )
    ax_d.axvline(p.example_objects, color="#888888", linewidth=0.8, linestyle=":")
    ax_d.text(
        p.example_objects / 1.8,
        1e-45,
        _sci(p.example_objects),
        rotation=90,
        ha="right",
        va="center",
        fontsize=9.5,
        color=grey,
    )
    ax_d.set_xscale("log")
    ax_d.set_yscale("log")
    ax_d.set_xlim(1e2, 1e19)
    ax_d.set_ylim(floor, 30)
    ax_d.set_xticks([1e3, 1e8, 1e13, 1e18])
    ax_d.set_yticks([1e-60, 1e-40, 1e-20, 1])
    ax_d.set_title("(d) Identifier collisions")
    ax_d.set_xlabel("identifiers issued n (count)")
    ax_d.set_ylabel("P(collision) (probability)")
    ax_d.legend([theory_handle, mc], ["theory", f"simulated, {p.mc_id_bits}-bit"], loc="lower left")
    return fig


def exact_audit_size(n: int, m: int, beta: float) -> int:
    """The smallest audit size k whose exact miss probability C(n−m, k)/C(n, k) is ≤ β."""
    k = np.arange(n - m + 2)
    return int(np.argmax(audit_miss_probability(n, m, k) <= beta))


#: The audit table of the field guide: collection sizes, damaged fractions, miss risks.
AUDIT_TABLE = ((10_000, 1_000_000), (0.01, 0.005, 0.001), (0.05, 0.01))
#: The truncated digest length whose miss chance 2^−b the essays quote (panel (b)).
QUOTED_DIGEST_BITS = 8
#: The identifier lengths whose collision chance at ``example_objects`` the field guide
#: quotes (panel (d)).
QUOTED_ID_BITS = (160, 256)


def _tag(x: float) -> str:
    """0.005 -> '0p5' (per cent, for value names)."""
    return f"{x * 100:g}".replace(".", "p")


def values(params: Params, result: Result) -> dict[str, Value]:
    """The closed forms and parameters the essays and the caption quote."""
    n, m = params.objects, params.corrupted
    audit = "derivations/fixity.md#sampling-audit"
    proof = "derivations/fixity.md#inclusion-proof-length"
    out: dict[str, Value] = {
        "objects": parameter(n, "objects in the audited collection", fmt=","),
        "corrupted": parameter(m, "corrupted objects in it", fmt="d"),
        "audit_replicates": parameter(params.audit_replicates, "simulated audits", fmt=","),
        "edits": parameter(params.edits, "random one-byte edits in (b)", fmt=","),
        "seed": parameter(params.seed, "seed of the random number generator", fmt="d"),
        "miss_k300": closed_form(
            float(audit_miss_probability(n, m, 300)),
            "exact probability that checking 300 objects misses every corrupted one",
            fmt=".3f",
            derivation=audit,
        ),
        "miss_k1200": closed_form(
            float(audit_miss_probability(n, m, 1_200)),
            "exact miss probability at k = 1,200",
            fmt="2 sig",
            derivation=audit,
        ),
        "miss_approx_k1200": closed_form(
            float(audit_miss_approximation(n, m, 1_200)),
            "with-replacement approximation (1 − m/n)^k at k = 1,200",
            fmt="2 sig",
            derivation=audit,
        ),
    }
    out[f"undetected_b{QUOTED_DIGEST_BITS}"] = closed_form(
        float(undetected_probability(QUOTED_DIGEST_BITS)),
        f"chance a random change escapes a digest cut to {QUOTED_DIGEST_BITS} bits, 2^−b",
        fmt="2 sci",
        derivation="derivations/fixity.md#tamper-detection",
    )
    for bits in QUOTED_ID_BITS:
        out[f"collision_{bits}"] = closed_form(
            float(collision_probability(params.example_objects, bits)),
            f"chance that {params.example_objects:,.0f} random {bits}-bit identifiers hold a "
            "collision, 1 − exp(−n(n − 1)/2^(b+1))",
            fmt="2 sci",
            derivation="derivations/fixity.md#identifier-collisions",
        )
    for leaves in (1_000, 1_000_000):
        tag = {1_000: "1e3", 1_000_000: "1e6"}[leaves]
        length = int(max_proof_length(leaves))
        out[f"proof_hashes_{tag}"] = closed_form(
            length,
            f"longest inclusion proof among {leaves:,} leaves, ⌈log₂ n⌉",
            unit="hashes",
            fmt="d",
            derivation=proof,
        )
        out[f"proof_bytes_{tag}"] = closed_form(
            32 * length,
            f"its size with 32-byte SHA-256 hashes ({leaves:,} leaves)",
            unit="bytes",
            fmt=",",
            derivation=proof,
        )
    sizes, fractions, risks = AUDIT_TABLE
    for size in sizes:
        for fraction in fractions:
            for risk in risks:
                out[f"audit_{size:.0e}_{_tag(fraction)}_{_tag(risk)}".replace("+0", "")] = (
                    closed_form(
                        exact_audit_size(size, round(size * fraction), risk),
                        f"smallest audit of {size:,} objects, {fraction:.1%} damaged, missing "
                        f"them all with probability ≤ {risk:.0%}",
                        unit="objects",
                        fmt=",",
                        derivation=audit,
                    )
                )
    return out
