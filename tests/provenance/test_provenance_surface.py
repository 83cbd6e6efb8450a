"""The provenance package's public surface: the Merkle tree plus seal, verify and bundle."""

from __future__ import annotations

import provenance
from provenance import merkle

SITE_TOOLS = [
    "Altered",
    "BundleError",
    "Report",
    "make_bundle",
    "seal_site",
    "source_commit",
    "verify_site",
]


def test_all_is_the_merkle_api_plus_the_site_tools():
    assert sorted(provenance.__all__) == sorted([*merkle.__all__, *SITE_TOOLS])
    assert len(set(provenance.__all__)) == len(provenance.__all__)
    for name in provenance.__all__:
        assert getattr(provenance, name) is not None


def test_public_names_have_docstrings():
    for name in SITE_TOOLS:
        assert getattr(provenance, name).__doc__, name
