"""Merkle trees as Certificate Transparency defines them (RFC 9162, section 2.1).

One implementation serves the whole project: the site's own manifest root and the
``merkle_proofs`` figure both call the functions below.

The tree hash of a list of ``n`` byte strings ``D[0:n]`` is (RFC 9162 §2.1.1)::

    MTH({})     = SHA-256()                                   (the empty string)
    MTH({d})    = SHA-256(0x00 || d)                          (a leaf)
    MTH(D[0:n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))  k = largest power of 2 < n

The one-byte prefixes separate the two domains: a leaf can never be passed off as an
interior node (or the reverse), which closes the classic second-preimage trick on
unprefixed Merkle trees.

Why the code is iterative: the tree above has the same shape as the one built bottom-up
by hashing neighbours in pairs, level after level. A level of odd length leaves its last
node unpaired; that node is the root of a complete subtree (a "peak"), and the root is the
peaks folded right to left. Each level is one list comprehension, so a million leaves take
about 1.5 seconds on one core, and nothing recurses over slices.

Proofs are the audit paths (``PATH``, §2.1.3.1) and consistency proofs (``PROOF``,
§2.1.4.1) of the RFC, listed from the bottom of the tree upward, and they are verified
with the RFC's own algorithms (§2.1.3.2 and §2.1.4.2), which use only the tree size,
the index and the hashes, never the leaves. A proof authenticates hashes, not tree
sizes: several sizes can share a leaf's route to the root, so a verifier must trust the
root together with its size (as a signed tree head or a published manifest binds them).

Example:
    >>> leaves = [b"alpha", b"beta", b"gamma"]
    >>> root = merkle_root(leaves)
    >>> proof = inclusion_proof(leaves, 2)
    >>> verify_inclusion(b"gamma", 2, 3, proof, root)
    True
    >>> verify_inclusion(b"gamma!", 2, 3, proof, root)
    False
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence

__all__ = [
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

_sha256 = hashlib.sha256
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"

#: Length in bytes of every hash in the tree (SHA-256).
HASH_SIZE = 32

#: The tree hash of an empty list: SHA-256 of the empty string (RFC 9162 §2.1.1).
EMPTY_ROOT = _sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """Hash one leaf's data with the leaf prefix.

    Args:
        data: The leaf's raw bytes (any length, empty allowed).

    Returns:
        ``SHA-256(0x00 || data)``, 32 bytes.
    """
    return _sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Hash two child hashes into their parent with the interior-node prefix.

    Args:
        left: The left child's 32-byte hash.
        right: The right child's 32-byte hash.

    Returns:
        ``SHA-256(0x01 || left || right)``, 32 bytes.
    """
    return _sha256(_NODE_PREFIX + left + right).digest()


def _hash_leaves(leaves: Iterable[bytes]) -> list[bytes]:
    """Leaf hashes of every item, with a clear error for items that are not bytes."""
    if isinstance(leaves, bytes | bytearray | memoryview | str):
        raise TypeError(
            f"pass a sequence of leaves (e.g. a list of bytes), not one {type(leaves).__name__}"
        )
    try:
        return [_sha256(_LEAF_PREFIX + d).digest() for d in leaves]
    except TypeError as exc:
        raise TypeError(
            "Merkle leaves must be bytes-like (bytes, bytearray, memoryview); "
            "encode text first, e.g. line.encode('utf-8')"
        ) from exc


def _pair_up(level: list[bytes]) -> list[bytes]:
    """The next level up: parents of adjacent pairs; an odd last node is left out."""
    # strict=False on purpose: an odd last node stays unpaired (it is a peak).
    pairs = zip(level[0::2], level[1::2], strict=False)
    return [_sha256(_NODE_PREFIX + a + b).digest() for a, b in pairs]


def _split(width: int) -> int:
    """The largest power of two strictly smaller than ``width`` (``width >= 2``)."""
    return 1 << ((width - 1).bit_length() - 1)


def _fold_peaks(peaks: list[bytes]) -> bytes:
    """Combine complete-subtree roots, listed right to left (smallest first), into MTH."""
    root = peaks[0]
    for peak in peaks[1:]:
        root = node_hash(peak, root)
    return root


def merkle_root(leaves: Iterable[bytes]) -> bytes:
    """The RFC 9162 tree hash (MTH) of a list of leaves.

    Only one level is held at a time, so memory stays at about one hash per leaf.

    Args:
        leaves: The leaves' raw data, in order. They are hashed here with the leaf
            prefix: pass the data, not leaf hashes.

    Returns:
        The 32-byte root; :data:`EMPTY_ROOT` for no leaves.

    Raises:
        TypeError: If a leaf is not bytes-like.
    """
    level = _hash_leaves(leaves)
    if not level:
        return EMPTY_ROOT
    peaks: list[bytes] = []
    while len(level) > 1:
        if len(level) & 1:
            peaks.append(level[-1])
        level = _pair_up(level)
    peaks.append(level[0])
    return _fold_peaks(peaks)


def _check_size(name: str, value: int, upper: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if not 0 <= value <= upper:
        raise ValueError(f"{name} must be between 0 and {upper}, got {value}")


class MerkleTree:
    """A Merkle tree over a fixed list of leaves, answering proofs for any prefix.

    Every complete subtree hash is stored (about two hashes per leaf), so roots and
    proofs for the whole tree or for any earlier size cost O(log² n) hash calls, as a
    Certificate Transparency log serves proofs against older tree heads.

    Args:
        leaves: The leaves' raw data, in order.

    Raises:
        TypeError: If a leaf is not bytes-like.

    Example:
        >>> tree = MerkleTree([b"a", b"b", b"c", b"d", b"e"])
        >>> tree.root() == merkle_root([b"a", b"b", b"c", b"d", b"e"])
        True
        >>> len(tree.inclusion_proof(0)), len(tree.inclusion_proof(4))
        (3, 1)
    """

    def __init__(self, leaves: Iterable[bytes]) -> None:
        level = _hash_leaves(leaves)
        # _levels[h][j] is the hash of the complete subtree over leaves [j·2^h, (j+1)·2^h).
        self._levels: list[list[bytes]] = [level]
        while len(level) > 1:
            level = _pair_up(level)
            self._levels.append(level)

    @property
    def size(self) -> int:
        """The number of leaves."""
        return len(self._levels[0])

    def __len__(self) -> int:
        return self.size

    def leaf_hash(self, index: int) -> bytes:
        """The stored leaf hash ``SHA-256(0x00 || data)`` of leaf ``index``."""
        _check_size("index", index, self.size - 1)
        return self._levels[0][index]

    def _range_hash(self, lo: int, hi: int) -> bytes:
        """MTH of leaves [lo, hi), for ``lo`` a multiple of the largest power of 2 ≤ hi − lo.

        Every range met while walking the RFC's recursion has that alignment, so the
        range splits into stored complete subtrees along the binary digits of its width.
        """
        peaks: list[bytes] = []
        width, pos = hi - lo, lo
        for height in range(width.bit_length() - 1, -1, -1):
            if width >> height & 1:
                peaks.append(self._levels[height][pos >> height])
                pos += 1 << height
        peaks.reverse()
        return _fold_peaks(peaks)

    def root(self, size: int | None = None) -> bytes:
        """The tree hash of the first ``size`` leaves (all of them by default).

        Args:
            size: A tree size between 0 and :attr:`size`.

        Returns:
            The 32-byte root; :data:`EMPTY_ROOT` for size 0.
        """
        size = self.size if size is None else size
        _check_size("size", size, self.size)
        return EMPTY_ROOT if size == 0 else self._range_hash(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The audit path PATH(index, D[0:size]) of RFC 9162 §2.1.3.1.

        Args:
            index: The leaf's position, ``0 <= index < size``.
            size: The tree size the proof is for (all leaves by default).

        Returns:
            The sibling hashes from the leaf's level up to just below the root;
            empty for a one-leaf tree. Its length is :func:`inclusion_proof_length`.

        Raises:
            ValueError: If ``size`` exceeds the tree or ``index`` is not below ``size``.
        """
        size = self.size if size is None else size
        _check_size("size", size, self.size)
        if size == 0:
            raise ValueError("an empty tree has no leaves to prove")
        _check_size("index", index, size - 1)
        path: list[bytes] = []
        lo, hi = 0, size
        while hi - lo > 1:
            mid = lo + _split(hi - lo)
            if index < mid:
                path.append(self._range_hash(mid, hi))
                hi = mid
            else:
                path.append(self._range_hash(lo, mid))
                lo = mid
        path.reverse()  # the walk went top-down; the RFC lists the deepest sibling first
        return path

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """The consistency proof PROOF(old_size, D[0:new_size]) of RFC 9162 §2.1.4.1.

        It shows that the tree of ``new_size`` leaves extends the tree of ``old_size``
        leaves without changing any of them.

        Args:
            old_size: The earlier tree size, ``0 <= old_size <= new_size``.
            new_size: The later tree size (all leaves by default).

        Returns:
            The proof hashes, deepest first; empty when ``old_size`` is 0 or equals
            ``new_size`` (nothing to prove beyond comparing roots).

        Raises:
            ValueError: If the sizes are out of order or exceed the tree.
        """
        new_size = self.size if new_size is None else new_size
        _check_size("new_size", new_size, self.size)
        _check_size("old_size", old_size, new_size)
        if old_size in (0, new_size):
            return []
        proof: list[bytes] = []
        lo, hi, m, whole = 0, new_size, old_size, True
        while m != hi - lo:
            k = _split(hi - lo)
            if m <= k:
                proof.append(self._range_hash(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._range_hash(lo, lo + k))
                lo, m, whole = lo + k, m - k, False
        if not whole:
            # SUBPROOF(m, D[m], false) = {MTH(D[m])}: the old tree's last complete part.
            proof.append(self._range_hash(lo, hi))
        proof.reverse()
        return proof


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree over all ``leaves``.

    Builds the tree (O(n) hash calls); to answer many proofs, build a
    :class:`MerkleTree` once and ask it.

    Args:
        leaves: The leaves' raw data, in order.
        index: The leaf's position, ``0 <= index < len(leaves)``.

    Returns:
        The sibling hashes, deepest first (RFC 9162 PATH).
    """
    return MerkleTree(leaves).inclusion_proof(index)


def consistency_proof(leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """The proof that the tree over ``leaves[:old_size]`` is a prefix of the whole tree.

    Args:
        leaves: The leaves' raw data of the newer (larger) tree, in order.
        old_size: The size of the earlier tree, ``0 <= old_size <= len(leaves)``.

    Returns:
        The proof hashes, deepest first (RFC 9162 PROOF).
    """
    return MerkleTree(leaves).consistency_proof(old_size)


def inclusion_proof_length(index: int, size: int) -> int:
    """The exact number of hashes in the audit path of leaf ``index`` in a tree of ``size``.

    The path has one hash per level where the leaf's route and the route to the last
    leaf have already split (the bit length of ``index XOR (size − 1)``), plus one for
    each left sibling met on the right border above that point. The longest path in a
    tree of ``n`` leaves has ⌈log₂ n⌉ hashes (claims c4).

    Args:
        index: The leaf's position, ``0 <= index < size``.
        size: The tree size.

    Returns:
        The proof length in hashes.
    """
    _check_size("index", index, size - 1)
    inner = (index ^ (size - 1)).bit_length()
    return inner + (index >> inner).bit_count()


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def root_from_inclusion_proof(
    leaf_hash_value: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes | None:
    """The root implied by a leaf hash and its audit path (RFC 9162 §2.1.3.2).

    Args:
        leaf_hash_value: The leaf's hash ``SHA-256(0x00 || data)``.
        index: The leaf's claimed position.
        size: The claimed tree size.
        proof: The audit path, deepest sibling first.

    Returns:
        The 32-byte root the proof leads to, or ``None`` if the proof cannot be valid
        for this index and size (wrong length, a malformed hash, index out of range).
    """
    for value in (index, size):
        if isinstance(value, bool) or not isinstance(value, int):
            return None
    if not 0 <= index < size:
        return None
    if not _is_hash(leaf_hash_value) or not all(_is_hash(p) for p in proof):
        return None
    fn, sn = index, size - 1
    r = bytes(leaf_hash_value)
    for p in proof:
        if sn == 0:
            return None  # more hashes than the tree has levels
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                # The right border: skip the levels where this node has no sibling.
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, bytes(p))
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Check that ``leaf`` sits at ``index`` in the tree of ``size`` leaves with ``root``.

    Args:
        leaf: The leaf's raw data (hashed here with the leaf prefix).
        index: Its claimed position, ``0 <= index < size``.
        size: The tree size the root belongs to.
        proof: The audit path from :func:`inclusion_proof`.
        root: The trusted 32-byte root (e.g. from a signed or time-stamped manifest),
            trusted together with ``size``.

    Returns:
        True only if the proof has exactly the right length and hashes up to ``root``.
        Malformed input gives False, never an exception.
    """
    if not isinstance(leaf, bytes | bytearray | memoryview) or not _is_hash(root):
        return False
    computed = root_from_inclusion_proof(leaf_hash(leaf), index, size, proof)
    return computed is not None and hmac.compare_digest(computed, root)


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Check that the tree ``new_root`` only appended leaves to the tree ``old_root``.

    Implements RFC 9162 §2.1.4.2. Two degenerate cases are settled without the
    algorithm: equal sizes need an empty proof and equal roots; ``old_size == 0``
    needs an empty proof and ``old_root == EMPTY_ROOT`` (the empty tree is a prefix of
    every tree).

    Args:
        old_size: The earlier tree size.
        new_size: The later tree size.
        old_root: The trusted root of the earlier tree.
        new_root: The trusted root of the later tree.
        proof: The proof from :func:`consistency_proof`.

    Returns:
        True only if the proof links both roots. Malformed input gives False.
    """
    for value in (old_size, new_size):
        if isinstance(value, bool) or not isinstance(value, int):
            return False
    if not 0 <= old_size <= new_size:
        return False
    if not (_is_hash(old_root) and _is_hash(new_root) and all(_is_hash(c) for c in proof)):
        return False
    if old_size == new_size:
        return not proof and hmac.compare_digest(old_root, new_root)
    if old_size == 0:
        return not proof and hmac.compare_digest(old_root, EMPTY_ROOT)
    if not proof:
        return False
    path = [bytes(c) for c in proof]
    if old_size & (old_size - 1) == 0:
        path.insert(0, bytes(old_root))  # a power of two: the old root is a node itself
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and hmac.compare_digest(fr, old_root) and hmac.compare_digest(sr, new_root)
