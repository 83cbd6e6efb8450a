"""A small PDF reader for the tests: objects, pages, outline, metadata and text.

No PDF library is installed (pypdf, poppler) and WeasyPrint only writes PDFs, so the
tests read the edition with this: enough of ISO 32000 for what WeasyPrint writes
(object streams, Flate streams, Type0 fonts with ToUnicode maps), and no more.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

_WS = b" \t\r\n\f\0"
_DELIM = b"()<>[]{}/%"
_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")


@dataclass(frozen=True)
class Ref:
    num: int


class Name(str):
    """A PDF name (``/Type``), kept apart from strings."""


@dataclass
class Stream:
    info: dict
    raw: bytes

    @property
    def data(self) -> bytes:
        f = self.info.get("Filter")
        filters = f if isinstance(f, list) else [f] if f else []
        out = self.raw
        for flt in filters:
            if flt != "FlateDecode":
                raise ValueError(f"unsupported filter {flt}")
            out = zlib.decompress(out)
        return out


class _Lexer:
    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.d, self.i = data, pos

    def skip(self) -> None:
        d = self.d
        while self.i < len(d):
            c = d[self.i : self.i + 1]
            if c in (b" ", b"\t", b"\r", b"\n", b"\f", b"\0"):
                self.i += 1
            elif c == b"%":
                while self.i < len(d) and d[self.i : self.i + 1] not in (b"\n", b"\r"):
                    self.i += 1
            else:
                return

    def token(self):
        """The next token: ints/floats, Name, bytes (strings), '[', ']', '<<', '>>', or a keyword str."""
        self.skip()
        d, i = self.d, self.i
        if i >= len(d):
            return None
        c = d[i : i + 1]
        if d.startswith(b"<<", i) or d.startswith(b">>", i):
            self.i += 2
            return d[i : i + 2].decode()
        if c in b"[]{}":
            self.i += 1
            return c.decode()
        if c == b"/":
            j = i + 1
            while j < len(d) and d[j] not in _WS and d[j] not in _DELIM:
                j += 1
            self.i = j
            raw = d[i + 1 : j]
            name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
            return Name(name.decode("latin-1"))
        if c == b"(":
            return self._literal()
        if c == b"<":
            j = d.index(b">", i)
            self.i = j + 1
            hexs = re.sub(rb"\s", b"", d[i + 1 : j])
            if len(hexs) % 2:
                hexs += b"0"
            return bytes.fromhex(hexs.decode())
        j = i
        while j < len(d) and d[j] not in _WS and d[j] not in _DELIM:
            j += 1
        self.i = max(j, i + 1)
        word = d[i : self.i].decode("latin-1")
        try:
            return int(word)
        except ValueError:
            try:
                return float(word)
            except ValueError:
                return word

    def _literal(self) -> bytes:
        d, i = self.d, self.i + 1
        depth, out = 1, bytearray()
        escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
        while True:
            c = d[i]
            if c == 0x5C:  # backslash
                n = d[i + 1]
                if n in escapes:
                    out.append(escapes[n])
                    i += 2
                elif 0x30 <= n <= 0x37:
                    m = re.match(rb"[0-7]{1,3}", d[i + 1 : i + 4])
                    out.append(int(m.group(0), 8) & 0xFF)
                    i += 1 + len(m.group(0))
                elif n in (0x0A, 0x0D):
                    i += 2
                else:
                    out.append(n)
                    i += 2
                continue
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    self.i = i + 1
                    return bytes(out)
            out.append(c)
            i += 1

    def value(self, tok=None):
        """Parse one object, resolving ``N G R`` into Ref."""
        tok = self.token() if tok is None else tok
        if tok == "<<":
            out = {}
            while (key := self.token()) != ">>":
                out[str(key)] = self.value()
            return out
        if tok == "[":
            items = []
            while (t := self.token()) != "]":
                items.append(self.value(t))
            return _refs(items)
        if isinstance(tok, int):
            save = self.i
            t2 = self.token()
            if isinstance(t2, int):
                t3 = self.token()
                if t3 == "R":
                    return Ref(tok)
            self.i = save
        return tok


def _refs(items: list) -> list:
    # Arrays were read item by item; fold "N G R" triples into Ref.
    out, i = [], 0
    while i < len(items):
        if (
            i + 2 < len(items)
            and isinstance(items[i], int)
            and isinstance(items[i + 1], int)
            and items[i + 2] == "R"
        ):
            out.append(Ref(items[i]))
            i += 3
        else:
            out.append(items[i])
            i += 1
    return out


@dataclass
class Pdf:
    """A parsed PDF: every object by number, and the trailer."""

    objects: dict[int, object] = field(default_factory=dict)
    trailer: dict = field(default_factory=dict)

    @classmethod
    def parse(cls, data: bytes) -> Pdf:
        if not data.startswith(b"%PDF-"):
            raise ValueError("not a PDF")
        pdf = cls()
        pos = 0
        while m := _OBJ.search(data, pos):
            lex = _Lexer(data, m.end())
            obj = lex.value()
            lex.skip()
            if data.startswith(b"stream", lex.i) and isinstance(obj, dict):
                start = lex.i + len(b"stream")
                start += 2 if data.startswith(b"\r\n", start) else 1
                length = obj["Length"]
                obj = Stream(obj, data[start : start + length])
                pos = start + length
            else:
                pos = lex.i
            pdf.objects[int(m.group(1))] = obj
            if isinstance(obj, Stream) and obj.info.get("Type") == "XRef":
                pdf.trailer = obj.info
        for obj in list(pdf.objects.values()):
            if isinstance(obj, Stream) and obj.info.get("Type") == "ObjStm":
                pdf._unpack(obj)
        if not pdf.trailer:
            t = data.rfind(b"trailer")
            pdf.trailer = _Lexer(data, t + len(b"trailer")).value()
        return pdf

    def _unpack(self, stream: Stream) -> None:
        data = stream.data
        head = _Lexer(data[: stream.info["First"]])
        pairs = []
        for _ in range(stream.info["N"]):
            pairs.append((head.token(), head.token()))
        for num, offset in pairs:
            self.objects[num] = _Lexer(data, stream.info["First"] + offset).value()

    def get(self, value):
        while isinstance(value, Ref):
            value = self.objects.get(value.num)
        return value

    @property
    def catalog(self) -> dict:
        return self.get(self.trailer["Root"])

    @property
    def info(self) -> dict:
        info = self.get(self.trailer.get("Info")) or {}
        return {k: text(v) if isinstance(v, bytes) else v for k, v in info.items()}

    def pages(self) -> list[dict]:
        out = []

        def walk(node):
            node = self.get(node)
            if node.get("Type") == "Pages":
                for kid in node["Kids"]:
                    walk(kid)
            else:
                out.append(node)

        walk(self.catalog["Pages"])
        return out

    def outline(self) -> list[tuple[int, str]]:
        """(depth, title) of every bookmark, in order (depth 1 = top level)."""
        out = []

        def walk(first, depth):
            node = self.get(first)
            while node is not None:
                out.append((depth, text(node["Title"])))
                if "First" in node:
                    walk(node["First"], depth + 1)
                node = self.get(node.get("Next"))

        root = self.get(self.catalog.get("Outlines"))
        if root and "First" in root:
            walk(root["First"], 1)
        return out

    def page_text(self, page: dict) -> str:
        res = self.get(page.get("Resources")) or {}
        fonts = {k: self.get(v) for k, v in (self.get(res.get("Font")) or {}).items()}
        cmaps = {name: _cmap(self, font) for name, font in fonts.items()}
        contents = self.get(page["Contents"])
        streams = contents if isinstance(contents, list) else [contents]
        data = b"\n".join(self.get(s).data for s in streams)
        return _show_text(data, cmaps)

    def text(self) -> list[str]:
        return [self.page_text(p) for p in self.pages()]


def text(value: bytes) -> str:
    """A PDF text string: UTF-16BE with a BOM, or (near enough) Latin-1."""
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be")
    return value.decode("latin-1")


def _cmap(pdf: Pdf, font: dict) -> tuple[int, dict[int, str]]:
    width = 2 if font.get("Subtype") == "Type0" else 1
    mapping: dict[int, str] = {}
    stream = pdf.get(font.get("ToUnicode"))
    if not isinstance(stream, Stream):
        return width, mapping
    data = stream.data.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(dst, 16)
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + k)
    return width, mapping


def _decode(s: bytes, cmap: tuple[int, dict[int, str]]) -> str:
    width, mapping = cmap
    codes = (
        [int.from_bytes(s[i : i + width], "big") for i in range(0, len(s), width)]
        if width == 2
        else list(s)
    )
    return "".join(mapping.get(c, chr(c) if width == 1 else "") for c in codes)


def _show_text(data: bytes, cmaps: dict) -> str:
    lex = _Lexer(data)
    out: list[str] = []
    stack: list = []
    font = (1, {})
    while (tok := lex.token()) is not None:
        if tok in ("<<", "["):
            stack.append(lex.value(tok))
            continue
        if isinstance(tok, str) and not isinstance(tok, Name):
            if tok == "Tf" and len(stack) >= 2:
                font = cmaps.get(str(stack[-2]), (1, {}))
            elif tok in ("Tj", "'", '"') and stack and isinstance(stack[-1], bytes):
                out.append(_decode(stack[-1], font))
            elif tok == "TJ" and stack and isinstance(stack[-1], list):
                for item in stack[-1]:
                    if isinstance(item, bytes):
                        out.append(_decode(item, font))
                    elif isinstance(item, int | float) and item < -250:
                        out.append(" ")
            elif tok in ("ET", "Td", "TD", "T*", "Tm"):
                out.append(" ")
            elif tok == "BI":  # inline image: skip to EI
                lex.i = data.index(b"EI", lex.i) + 2
            stack.clear()
        else:
            stack.append(tok)
    return re.sub(r"\s+", " ", "".join(out)).strip()
