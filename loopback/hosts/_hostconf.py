"""glibc's ``multi`` setting, read from ``host.conf`` and ``RESOLV_MULTI`` as glibc reads them.

``resolv/res_hconf.c`` (glibc 2.36), ``do_init``, ``parse_line`` and ``arg_bool``:

* the file is read with ``fgets`` into a 256-byte buffer, so a line is at most 255 bytes:
  the text after byte 255 of a longer line is read as a line of its own; each piece ends
  at its first ``\\n`` or NUL;
* a piece is skipped when it is blank or its first word starts with ``#``; the command is
  the first word (up to white space, ``#`` or ``,``), matched case-insensitively against
  ``order``, ``trim``, ``multi`` and ``reorder`` in full;
* the argument of ``multi`` starts after white space and is *on* when it starts with
  ``on`` and *off* when it starts with ``off``, case-insensitively (``multi onion`` is on);
  anything else leaves the setting as it was; later lines win;
* then ``RESOLV_MULTI``, when set, is read by the same ``arg_bool``, with no white space
  skipped: ``on`` or ``off`` as a prefix, else it changes nothing (``" on"`` does not
  count);
* without a file the setting is off.
"""

from __future__ import annotations

__all__ = ["read_multi"]

#: C ``isspace`` in the C locale.
_SPACE = b" \t\n\v\f\r"
#: Where ``skip_string`` stops a word.
_WORD_END = frozenset(b" \t\n\v\f\r#,")
_PIECE = 255  # fgets(buf, 256, fp) reads at most 255 bytes


def _pieces(conf: bytes) -> list[bytes]:
    """What each ``fgets`` call hands to ``parse_line``: cut at ``\\n`` and at NUL."""
    out = []
    pos = 0
    while pos < len(conf):
        newline = conf.find(b"\n", pos, pos + _PIECE)
        end = pos + _PIECE if newline < 0 else newline
        piece = conf[pos:end]
        pos = end if newline < 0 else newline + 1
        out.append(piece.split(b"\0", 1)[0])
    return out


def _arg_bool(args: bytes, current: bool) -> bool:
    """``arg_bool``: a case-insensitive prefix ``on`` or ``off``, else no change."""
    head = args[:3].lower()
    if head.startswith(b"on"):
        return True
    if head == b"off":
        return False
    return current


def read_multi(conf: bytes | None, env: bytes | None) -> bool:
    """Glibc's ``multi`` for a ``host.conf`` of ``conf`` (None: no file) and ``RESOLV_MULTI``.

    >>> read_multi(b"multi on\\n", None)
    True
    >>> read_multi(b"MULTI Onion # a prefix is enough\\n", None)
    True
    >>> read_multi(b"multi on\\n", b" off")
    True
    >>> read_multi(None, b"OFFLINE")
    False
    """
    multi = False
    for piece in _pieces(conf or b""):
        text = piece.lstrip(_SPACE)
        end = 0
        while end < len(text) and text[end] not in _WORD_END:
            end += 1
        if end == 0 or text[:end].lower() != b"multi":
            continue  # blank, a comment, or another command
        multi = _arg_bool(text[end:].lstrip(_SPACE), multi)
    if env is not None:
        multi = _arg_bool(env, multi)
    return multi
