"""Provenance tools shared by the site build and the figures.

- :mod:`provenance.merkle`: the RFC 9162 Merkle tree (roots, inclusion and consistency
  proofs), used both by the `merkle_proofs` figure and by the site's own manifest.
- :mod:`provenance.manifest`: seal a built site (BagIt-format manifest, Merkle root,
  tag manifest); :mod:`provenance.fixity` checks one (`python -m provenance.verify`).
- :mod:`provenance.bagging`: a zipped BagIt bag of site and sources (`python -m provenance.bundle`).
"""

from provenance._git import source_commit
from provenance.bagging import BundleError, make_bundle
from provenance.fixity import Altered, Report, verify_site
from provenance.manifest import seal_site
from provenance.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    MerkleTree,
    consistency_proof,
    inclusion_proof,
    inclusion_proof_length,
    leaf_hash,
    merkle_root,
    node_hash,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "Altered",
    "BundleError",
    "MerkleTree",
    "Report",
    "consistency_proof",
    "inclusion_proof",
    "inclusion_proof_length",
    "leaf_hash",
    "make_bundle",
    "merkle_root",
    "node_hash",
    "root_from_inclusion_proof",
    "seal_site",
    "source_commit",
    "verify_consistency",
    "verify_inclusion",
    "verify_site",
]
