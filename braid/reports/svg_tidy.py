"""A chart's SVG made compact for print and for pages without JavaScript: the same drawing in
far fewer nodes, since WeasyPrint lays out and paints every node on its own (a 60-point line
chart from vl-convert has about 280 nodes; tidied, about 40).

What goes: interaction and screen-reader attributes (the whole chart is `aria-hidden`; its
table describes it), invisible background paths, attribute-free groups, repeats of the same
element drawn on top of each other (a rule layer draws its line once per data row), digits
past two decimals. What merges: sibling lines, and sibling symbols (the points of a series),
that differ only in position become one path each. Nothing semi-transparent is merged or
dropped, so what is drawn looks the same.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
NS = "{" + SVG + "}"

_DROPPED = {"class", "role", "pointer-events", "focusable"}
_DEFAULTS = {"opacity": "1", "stroke-dasharray": "1,0"}
_GEOMETRY = {"d", "transform", "x", "y", "x1", "x2", "y1", "y2", "width", "height", "points"}
_DECIMAL = re.compile(r"-?\d+\.\d+(?:e-?\d+)?")
_TRANSLATE = re.compile(r"^\s*translate\(\s*(-?[\d.e-]+)[\s,]+(-?[\d.e-]+)\s*\)\s*$")
_PATH_TOKEN = re.compile(r"[MLHVCSQTAZmlhvcsqtaz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
# Which parameters of an absolute path command are x (0) and y (1) coordinates.
_AXES = {
    "M": (0, 1),
    "L": (0, 1),
    "T": (0, 1),
    "H": (0,),
    "V": (1,),
    "C": (0, 1, 0, 1, 0, 1),
    "S": (0, 1, 0, 1),
    "Q": (0, 1, 0, 1),
    "A": (None, None, None, None, None, 0, 1),
}
_ARITY = {"z": 0, "h": 1, "v": 1, "m": 2, "l": 2, "t": 2, "s": 4, "q": 4, "c": 6, "a": 7}


def number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _round(text: str) -> str:
    return _DECIMAL.sub(lambda m: number(float(m.group(0))), text)


def _translation(el: ET.Element) -> tuple[float, float] | None:
    """(x, y) of a transform that only moves the element (none: (0, 0)); None otherwise."""
    transform = el.get("transform")
    if transform is None:
        return (0.0, 0.0)
    found = _TRANSLATE.match(transform)
    return (float(found[1]), float(found[2])) if found else None


def moved_path(d: str, dx: float, dy: float) -> str | None:
    """Path data `d` moved by (dx, dy), or None when it cannot be read."""
    tokens = _PATH_TOKEN.findall(d)
    if not tokens or tokens[0] not in ("M", "m") or _PATH_TOKEN.sub("", d).strip(" ,\t\r\n"):
        return None
    out: list[str] = []
    i = 0
    while i < len(tokens):
        command = tokens[i]
        i += 1
        params: list[float] = []
        while i < len(tokens) and not tokens[i].isalpha():
            params.append(float(tokens[i]))
            i += 1
        arity = _ARITY[command.lower()]
        if (arity == 0 and params) or (arity and (not params or len(params) % arity)):
            return None
        for at in range(0, len(params), arity or 1):
            # The first pair of a path is where it starts, even when written relative.
            axes = (0, 1) if (not out and at == 0) else _AXES.get(command, ())
            for k, axis in enumerate(axes):
                if axis is not None:
                    params[at + k] += dx if axis == 0 else dy
        out.append(command + ",".join(number(p) for p in params))
    return "".join(out)


def _opaque(el: ET.Element) -> bool:
    return not any("opacity" in k for k in el.attrib) and not any(
        "rgba" in v or "hsla" in v for v in el.attrib.values()
    )


def _as_segment(el: ET.Element) -> tuple[str, str] | None:
    """(signature, path data) of an element that may join its siblings in one path."""
    moved = _translation(el)
    if moved is None or not _opaque(el) or len(el) or (el.text or "").strip():
        return None
    dx, dy = moved
    if el.tag == NS + "line":
        x1, y1, x2, y2 = (float(el.get(a, "0")) for a in ("x1", "y1", "x2", "y2"))
        d: str | None = f"M{number(x1 + dx)},{number(y1 + dy)}L{number(x2 + dx)},{number(y2 + dy)}"
        rest = {k: v for k, v in el.attrib.items() if k not in {"x1", "y1", "x2", "y2"}}
    elif el.tag == NS + "path" and el.get("d"):
        d = moved_path(el.attrib["d"], dx, dy)
        rest = {k: v for k, v in el.attrib.items() if k != "d"}
    else:
        return None
    rest.pop("transform", None)
    if d is None:
        return None
    signature = "path " + " ".join(f'{k}="{v}"' for k, v in sorted(rest.items()))
    return signature, d


def _merged(children: list[ET.Element]) -> list[ET.Element]:
    """Runs of mergeable siblings as one path per look, at the place of the first."""
    out: list[ET.Element] = []
    run: dict[str, tuple[ET.Element, list[str]]] = {}

    def flush() -> None:
        for first, parts in run.values():
            if len(parts) == 1:
                out.append(first)
                continue
            attrs = {k: v for k, v in first.attrib.items() if k not in _GEOMETRY}
            out.append(ET.Element(NS + "path", {"d": "".join(parts), **attrs}))
        run.clear()

    for child in children:
        segment = _as_segment(child)
        if segment is None:
            flush()
            out.append(child)
            continue
        signature, d = segment
        run.setdefault(signature, (child, []))[1].append(d)
    flush()
    return out


def _invisible(el: ET.Element) -> bool:
    if el.get("display") == "none":
        return True
    if el.tag != NS + "path":
        return False
    if not el.get("d"):
        return True
    cls = el.get("class", "")
    empty = el.get("fill") is None and el.get("stroke") is None
    return empty and ("background" in cls or "foreground" in cls)


def _tidy(el: ET.Element) -> None:
    kept: list[ET.Element] = []
    for child in list(el):
        if _invisible(child):
            continue
        _tidy(child)
        if child.tag == NS + "g" and not len(child):
            continue
        if child.tag == NS + "g" and not child.attrib:
            kept.extend(child)
            continue
        kept.append(child)
    seen: set[bytes] = set()
    unique = []
    for child in kept:
        drawn = ET.tostring(child)
        if drawn in seen and _opaque(child):
            continue
        seen.add(drawn)
        unique.append(child)
    el[:] = _merged(unique)
    for name in list(el.attrib):
        value = el.attrib[name]
        dropped = name in _DROPPED or name.startswith("aria-") or _DEFAULTS.get(name) == value
        if dropped or (name == "transform" and _translation(el) == (0.0, 0.0)):
            del el.attrib[name]
        elif name in _GEOMETRY:
            el.attrib[name] = _round(value)


def tidy(svg: str) -> str:
    """The compact SVG of `svg` (unchanged when it cannot be read as XML)."""
    try:
        root = SafeET.fromstring(svg)
    except (ET.ParseError, DefusedXmlException):
        return svg
    _tidy(root)
    try:
        return _written(root)
    except ValueError:  # a name outside the SVG and XLink namespaces: leave it as drawn
        return svg


def _name(qualified: str) -> str:
    if not qualified.startswith("{"):
        return qualified
    uri, local = qualified[1:].split("}", 1)
    if uri == SVG:
        return local
    if uri == XLINK:
        return "xlink:" + local
    raise ValueError(uri)


def _written(root: ET.Element) -> str:
    """The tree as SVG text. Written here rather than by ElementTree, whose namespace
    prefixes are one registry for the whole process (other code registering a default
    namespace of its own would rename every tag "ns0:")."""
    out: list[str] = []
    xlink = any(k.startswith("{" + XLINK) for el in root.iter() for k in el.attrib)

    def write(el: ET.Element, top: bool) -> None:
        tag = _name(el.tag)
        attrs = "".join(f' {_name(k)}="{escape(v, quote=True)}"' for k, v in el.attrib.items())
        if top:
            attrs = f' xmlns="{SVG}"' + (f' xmlns:xlink="{XLINK}"' if xlink else "") + attrs
        out.append(f"<{tag}{attrs}")
        if not len(el) and not el.text:
            out.append("/>")
        else:
            out.append(">" + escape(el.text or "", quote=False))
            for child in el:
                write(child, False)
            out.append(f"</{tag}>")
        if el.tail and not top:
            out.append(escape(el.tail, quote=False))

    write(root, True)
    return "".join(out)
