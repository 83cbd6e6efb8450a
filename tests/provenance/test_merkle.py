"""Tests for provenance.merkle against RFC 9162 §2.1.

Three independent references: a naive recursive transcription of the RFC's definitions
(written here, sharing no code with the module), hashes worked out by hand from hashlib,
and the Certificate Transparency reference vectors (eight leaves; roots and proofs as
published in transparency-dev/merkle, testonly/constants.go and proof/verify_test.go).
"""

from __future__ import annotations

import hashlib
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
from provenance import merkle
from provenance.merkle import (
    EMPTY_ROOT,
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

# --- A naive reference: the RFC's recursive definitions, transcribed literally ---------


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _k(n: int) -> int:
    """Largest power of two strictly smaller than n (n > 1), by counting up."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(d: list[bytes]) -> bytes:
    if not d:
        return _sha(b"")
    if len(d) == 1:
        return _sha(b"\x00" + d[0])
    k = _k(len(d))
    return _sha(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:]))


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*ref_path(m, d[:k]), ref_mth(d[k:])]
    return [*ref_path(m - k, d[k:]), ref_mth(d[:k])]


def ref_subproof(m: int, d: list[bytes], whole: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if whole else [ref_mth(d)]
    k = _k(n)
    if m <= k:
        return [*ref_subproof(m, d[:k], whole), ref_mth(d[k:])]
    return [*ref_subproof(m - k, d[k:], False), ref_mth(d[:k])]


def ref_proof(m: int, d: list[bytes]) -> list[bytes]:
    return [] if m in (0, len(d)) else ref_subproof(m, d, True)


def leaves_of(n: int) -> list[bytes]:
    return [f"leaf {i}".encode() for i in range(n)]


def flip(data: bytes, bit: int) -> bytes:
    out = bytearray(data)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


# --- Certificate Transparency reference vectors ------------------------------------------

CT_LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
CT_ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
# (index, size, proof), zero-based indices.
CT_INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
# (old size, new size, proof)
CT_CONSISTENCY = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


# --- Public surface -------------------------------------------------------------------


def test_public_surface():
    """merkle's public names are exactly these, and the package re-exports each of them."""
    assert sorted(merkle.__all__) == [
        "EMPTY_ROOT",
        "HASH_SIZE",
        "MerkleTree",
        "consistency_proof",
        "inclusion_proof",
        "inclusion_proof_length",
        "leaf_hash",
        "merkle_root",
        "node_hash",
        "root_from_inclusion_proof",
        "verify_consistency",
        "verify_inclusion",
    ]
    assert set(merkle.__all__) <= set(provenance.__all__)
    for name in merkle.__all__:
        assert getattr(provenance, name) is getattr(merkle, name)


# --- Known answers ---------------------------------------------------------------------


def test_empty_tree_hash_by_hand():
    """RFC 9162 §2.1.1: MTH({}) = SHA-256 of the empty string (e3b0c442...b855)."""
    expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert EMPTY_ROOT.hex() == expected
    assert merkle_root([]) == EMPTY_ROOT
    assert MerkleTree([]).root() == EMPTY_ROOT


def test_single_leaf_hash_by_hand():
    """MTH({d}) = SHA-256(0x00 || d); for d = b"" that is SHA-256 of the byte 0x00."""
    assert merkle_root([b""]).hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )
    assert merkle_root([b"abc"]) == hashlib.sha256(b"\x00abc").digest()
    assert leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()


def test_two_and_three_leaves_by_hand():
    """MTH of 2 leaves = SHA-256(0x01‖h0‖h1); of 3 leaves = node(node(h0, h1), h2)."""
    h = [hashlib.sha256(b"\x00" + d).digest() for d in (b"a", b"b", b"c")]
    n01 = hashlib.sha256(b"\x01" + h[0] + h[1]).digest()
    assert node_hash(h[0], h[1]) == n01
    assert merkle_root([b"a", b"b"]) == n01
    assert merkle_root([b"a", b"b", b"c"]) == hashlib.sha256(b"\x01" + n01 + h[2]).digest()


@pytest.mark.parametrize("size", range(9))
def test_ct_reference_roots(size):
    """Certificate Transparency reference roots for the first 0..8 test leaves."""
    assert merkle_root(CT_LEAVES[:size]) == CT_ROOTS[size]
    assert MerkleTree(CT_LEAVES).root(size) == CT_ROOTS[size]


@pytest.mark.parametrize(("index", "size", "proof"), CT_INCLUSION)
def test_ct_reference_inclusion_proofs(index, size, proof):
    """CT reference audit paths: generated exactly, and they verify."""
    expected = [bytes.fromhex(p) for p in proof]
    assert MerkleTree(CT_LEAVES).inclusion_proof(index, size) == expected
    assert inclusion_proof(CT_LEAVES[:size], index) == expected
    assert verify_inclusion(CT_LEAVES[index], index, size, expected, CT_ROOTS[size])


@pytest.mark.parametrize(("old", "new", "proof"), CT_CONSISTENCY)
def test_ct_reference_consistency_proofs(old, new, proof):
    """CT reference consistency proofs: generated exactly, and they verify."""
    expected = [bytes.fromhex(p) for p in proof]
    assert MerkleTree(CT_LEAVES).consistency_proof(old, new) == expected
    assert consistency_proof(CT_LEAVES[:new], old) == expected
    assert verify_consistency(old, new, CT_ROOTS[old], CT_ROOTS[new], expected)


@pytest.mark.parametrize("n", [*range(1, 34), 100, 127, 128, 129, 1000])
def test_root_matches_naive_recursion(n):
    """The iterative root equals the RFC's recursive MTH for every shape of tree."""
    leaves = leaves_of(n)
    assert merkle_root(leaves) == ref_mth(leaves)
    tree = MerkleTree(leaves)
    for size in {0, 1, n // 2, n - 1, n}:
        assert tree.root(size) == ref_mth(leaves[:size])


@pytest.mark.parametrize("n", range(1, 21))
def test_proofs_match_naive_recursion(n):
    """Audit paths and consistency proofs equal the RFC's PATH and PROOF, all indices."""
    leaves = leaves_of(n)
    tree = MerkleTree(leaves)
    for size in range(1, n + 1):
        for i in range(size):
            assert tree.inclusion_proof(i, size) == ref_path(i, leaves[:size])
        for old in range(size + 1):
            assert tree.consistency_proof(old, size) == ref_proof(old, leaves[:size])


def test_inputs_of_any_bytes_like_type():
    """bytearray and memoryview leaves hash like bytes; text is refused with advice."""
    assert merkle_root([bytearray(b"x"), memoryview(b"y")]) == merkle_root([b"x", b"y"])
    with pytest.raises(TypeError, match="encode"):
        merkle_root(["text"])
    for single in (b"abc", "abc"):
        with pytest.raises(TypeError, match="sequence of leaves"):
            merkle_root(single)
        with pytest.raises(TypeError, match="sequence of leaves"):
            MerkleTree(single)


# --- Proof lengths (claims c4) ---------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 1000, 1024, 1025])
def test_exact_proof_lengths(n):
    """c4 (derived: fixity.md#inclusion-proof-length): every proof has ≤ ⌈log₂ n⌉ hashes and the longest has
    exactly ⌈log₂ n⌉; each length equals the closed form inclusion_proof_length."""
    tree = MerkleTree(leaves_of(n))
    lengths = [len(tree.inclusion_proof(i)) for i in range(n)]
    assert lengths == [inclusion_proof_length(i, n) for i in range(n)]
    bound = math.ceil(math.log2(n))
    assert max(lengths) == bound
    assert all(length <= bound for length in lengths)


def test_proof_lengths_by_hand():
    """Hand-worked shapes: n = 5 has paths 3,3,3,3,1; n = 1025 puts leaf 1024 one hash
    from the root (its sibling is the complete 1024-leaf subtree)."""
    assert [inclusion_proof_length(i, 5) for i in range(5)] == [3, 3, 3, 3, 1]
    assert [inclusion_proof_length(i, 3) for i in range(3)] == [2, 2, 1]
    assert inclusion_proof_length(1024, 1025) == 1
    assert inclusion_proof_length(0, 1025) == 11
    assert inclusion_proof_length(0, 1) == 0


@pytest.mark.parametrize(
    ("n", "hashes", "nbytes"),
    [(10**3, 10, 320), (10**6, 20, 640), (10**9, 30, 960), (2**32, 32, 1024)],
)
def test_c4_table(n, hashes, nbytes):
    """c4 (fixity.md#inclusion-proof-length): n = 1e3 → 10 hashes (320 B); 1e6 → 20 (640 B); 1e9 → 30 (960 B);
    2^32 → 32 (1 KiB). Longest path = the closed form at leaf 0."""
    assert inclusion_proof_length(0, n) == hashes == math.ceil(math.log2(n))
    assert 32 * hashes == nbytes


# --- Verification succeeds for every honest proof ---------------------------------------


@pytest.mark.parametrize("n", range(1, 40))
def test_every_inclusion_proof_verifies(n):
    """Every leaf of every tree size up to 39 verifies against the root."""
    leaves = leaves_of(n)
    tree = MerkleTree(leaves)
    root = tree.root()
    for i in range(n):
        assert verify_inclusion(leaves[i], i, n, tree.inclusion_proof(i), root)


@pytest.mark.parametrize("n", range(1, 25))
def test_every_consistency_proof_verifies(n):
    """Every earlier size is provably a prefix of the size-n tree."""
    tree = MerkleTree(leaves_of(n))
    for old in range(n + 1):
        proof = tree.consistency_proof(old)
        assert verify_consistency(old, n, tree.root(old), tree.root(), proof)


# --- Tampering is caught -----------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13])
def test_any_single_bit_flip_fails(n):
    """Flipping any one bit of the leaf data, of any sibling hash in the proof, or of the
    root makes verification fail (exhaustive over bits, every index)."""
    leaves = [f"record {i:04d}".encode() for i in range(n)]
    tree = MerkleTree(leaves)
    root = tree.root()
    for i in range(n):
        proof = tree.inclusion_proof(i)
        leaf = leaves[i]
        for bit in range(8 * len(leaf)):
            assert not verify_inclusion(flip(leaf, bit), i, n, proof, root)
        for j, sibling in enumerate(proof):
            for bit in range(256):
                bad = [*proof[:j], flip(sibling, bit), *proof[j + 1 :]]
                assert not verify_inclusion(leaf, i, n, bad, root)
        for bit in range(256):
            assert not verify_inclusion(leaf, i, n, proof, flip(root, bit))


def ref_sides(m: int, size: int) -> tuple[bool, ...]:
    """For each sibling in PATH(m, D[0:size]), deepest first: is it on the left?"""
    if size == 1:
        return ()
    k = _k(size)
    if m < k:
        return (*ref_sides(m, k), False)
    return (*ref_sides(m - k, size - k), True)


@pytest.mark.parametrize("n", [2, 3, 5, 8, 13, 32, 33])
def test_wrong_index_or_size_fails(n):
    """A valid proof presented with any other index fails. With another tree size it
    fails unless that size walks the very same left/right route to the root (e.g. leaf
    0 of 5 and of 6 leaves): then the same hashes are computed, which is why a root must
    be trusted together with its size, as a signed tree head binds them."""
    leaves = leaves_of(n)
    tree = MerkleTree(leaves)
    root = tree.root()
    for i in range(n):
        proof = tree.inclusion_proof(i)
        for other in range(-1, n + 1):
            if other != i:
                assert not verify_inclusion(leaves[i], other, n, proof, root)
        for size in range(0, 2 * n + 2):
            if size == n:
                continue
            same_route = i < size and ref_sides(i, size) == ref_sides(i, n)
            assert verify_inclusion(leaves[i], i, size, proof, root) == same_route
        assert not verify_inclusion(leaves[i], i, 2 * n, proof, root)


@pytest.mark.parametrize("n", [2, 5, 8, 13])
def test_truncated_extended_reordered_proofs_fail(n):
    """Dropping, appending, prepending or swapping proof hashes makes verification fail."""
    leaves = leaves_of(n)
    tree = MerkleTree(leaves)
    root = tree.root()
    for i in range(n):
        proof = tree.inclusion_proof(i)
        assert not verify_inclusion(leaves[i], i, n, proof[:-1], root)
        assert not verify_inclusion(leaves[i], i, n, [*proof, root], root)
        assert not verify_inclusion(leaves[i], i, n, [root, *proof], root)
        if len(proof) >= 2 and proof[0] != proof[1]:
            swapped = [proof[1], proof[0], *proof[2:]]
            assert not verify_inclusion(leaves[i], i, n, swapped, root)


def test_malformed_input_is_false_not_an_error():
    """Short hashes, non-bytes and nonsense sizes give False."""
    tree = MerkleTree(CT_LEAVES)
    proof = tree.inclusion_proof(5)
    root = tree.root()
    assert verify_inclusion(CT_LEAVES[5], 5, 8, proof, root)
    assert not verify_inclusion(CT_LEAVES[5], 5, 8, [proof[0][:31], *proof[1:]], root)
    assert not verify_inclusion(CT_LEAVES[5], 5, 8, proof, root[:31])
    assert not verify_inclusion("text", 5, 8, proof, root)
    assert not verify_inclusion(CT_LEAVES[5], True, 8, proof, root)
    assert root_from_inclusion_proof(b"short", 0, 1, []) is None
    assert root_from_inclusion_proof(leaf_hash(b""), 0, 1, []) == CT_ROOTS[1]


def test_domain_separation_blocks_the_leaf_as_node_forgery():
    """Without prefixes, the bytes of an interior node's children can be presented as a
    leaf of a smaller tree with the same root; RFC 9162's 0x00/0x01 prefixes stop it."""
    data = [b"a", b"b", b"c", b"d"]

    def plain(x: bytes) -> bytes:
        return hashlib.sha256(x).digest()

    # A tree without domain separation: leaf = H(d), node = H(l || r).
    h = [plain(d) for d in data]
    n01, n23 = plain(h[0] + h[1]), plain(h[2] + h[3])
    plain_root = plain(n01 + n23)
    forged_leaf = h[0] + h[1]  # claim: "leaf 0 of a 2-leaf tree"
    assert plain(plain(forged_leaf) + n23) == plain_root  # the forgery works there

    # The same move against the RFC tree fails, with or without the prefix byte.
    tree = MerkleTree(data)
    root = tree.root()
    hl = [leaf_hash(d) for d in data]
    sibling = node_hash(hl[2], hl[3])
    for forged in (hl[0] + hl[1], b"\x01" + hl[0] + hl[1]):
        assert not verify_inclusion(forged, 0, 2, [sibling], root)


@pytest.mark.parametrize("n", [3, 6, 8, 13])
def test_tampered_consistency_proofs_fail(n):
    """Flipping any bit of any consistency-proof hash, swapping the roots, truncating or
    extending the proof makes consistency verification fail; so do other sizes whose
    honest proof has another length (sizes are bound by the trusted tree heads, not by
    the proof, exactly as for inclusion proofs)."""
    leaves = leaves_of(2 * n + 2)
    tree = MerkleTree(leaves)
    new_root = tree.root(n)
    for old in range(1, n):
        proof = tree.consistency_proof(old, n)
        old_root = tree.root(old)
        for j, c in enumerate(proof):
            for bit in range(256):
                bad = [*proof[:j], flip(c, bit), *proof[j + 1 :]]
                assert not verify_consistency(old, n, old_root, new_root, bad)
        assert not verify_consistency(old, n, new_root, old_root, proof)
        assert not verify_consistency(old, n, old_root, new_root, proof[:-1])
        assert not verify_consistency(old, n, old_root, new_root, [*proof, new_root])
        assert not verify_consistency(old, n, old_root, new_root, [])
        for o in range(0, n + 2):
            for size in range(max(o, 1), 2 * n + 2):
                if (o, size) == (old, n):
                    continue
                if len(tree.consistency_proof(o, size)) != len(proof):
                    assert not verify_consistency(o, size, old_root, new_root, proof)


def test_consistency_degenerate_cases():
    """Equal sizes need equal roots and no proof; size 0 needs the empty-tree root."""
    tree = MerkleTree(CT_LEAVES)
    r4, r5 = tree.root(4), tree.root(5)
    assert verify_consistency(4, 4, r4, r4, [])
    assert not verify_consistency(4, 4, r4, r5, [])
    assert not verify_consistency(4, 4, r4, r4, [r4])
    assert verify_consistency(0, 8, EMPTY_ROOT, tree.root(), [])
    assert not verify_consistency(0, 8, r4, tree.root(), [])
    assert not verify_consistency(5, 4, r5, r4, [])
    assert not verify_consistency(4, 5, r4, r5, [])


def test_proof_requests_out_of_range_raise():
    """Asking for a proof the tree cannot give is a caller error (ValueError)."""
    tree = MerkleTree(CT_LEAVES)
    with pytest.raises(ValueError):
        tree.inclusion_proof(8)
    with pytest.raises(ValueError):
        tree.inclusion_proof(0, 9)
    with pytest.raises(ValueError):
        tree.inclusion_proof(0, 0)
    with pytest.raises(ValueError):
        tree.consistency_proof(5, 3)
    with pytest.raises(TypeError):
        tree.inclusion_proof(1.0)


# --- Property test ---------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    leaves=st.lists(st.binary(max_size=24), min_size=1, max_size=48),
    data=st.data(),
)
def test_random_leaf_lists(leaves, data):
    """For random leaf lists: root = naive MTH; a random leaf's proof = naive PATH and
    verifies; the leaf with one bit flipped does not; a random prefix is consistent."""
    n = len(leaves)
    tree = MerkleTree(leaves)
    root = merkle_root(leaves)
    assert root == tree.root() == ref_mth(leaves)
    i = data.draw(st.integers(0, n - 1), label="index")
    proof = tree.inclusion_proof(i)
    assert proof == ref_path(i, leaves)
    assert len(proof) == inclusion_proof_length(i, n) <= math.ceil(math.log2(n))
    assert verify_inclusion(leaves[i], i, n, proof, root)
    if leaves[i]:
        bit = data.draw(st.integers(0, 8 * len(leaves[i]) - 1), label="bit")
        assert not verify_inclusion(flip(leaves[i], bit), i, n, proof, root)
    else:
        assert not verify_inclusion(b"\x00", i, n, proof, root)
    old = data.draw(st.integers(0, n), label="old size")
    cproof = tree.consistency_proof(old)
    assert cproof == ref_proof(old, leaves)
    assert verify_consistency(old, n, tree.root(old), root, cproof)


def test_large_ragged_tree():
    """A large tree of odd shape (2^18 + 3 leaves): the streaming root and the stored
    tree agree, and deep proofs verify (timings belong to the report, not to asserts)."""
    n = 2**18 + 3
    leaves = [i.to_bytes(4, "big") for i in range(n)]
    root = merkle_root(leaves)
    tree = MerkleTree(leaves)
    assert tree.root() == root
    for i in (0, 77_777, n - 3, n - 1):
        proof = tree.inclusion_proof(i)
        assert len(proof) == inclusion_proof_length(i, n)
        assert verify_inclusion(leaves[i], i, n, proof, root)
