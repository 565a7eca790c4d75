"""File names as the OS takes them, checked before any file is opened."""

from __future__ import annotations

import os

__all__ = ["file_name", "read_or_empty"]


def file_name(path: object) -> str:
    """``path`` as a file name the OS can take.

    :raises ValueError: with a message naming ``path`` and why it is no file name (not a
        string or path, a NUL in it, a lone surrogate that no byte stands for).
    """
    shown = repr(path)[:80] if isinstance(path, (str, bytes)) else type(path).__name__
    try:
        text = os.fsdecode(os.fspath(path))  # type: ignore[call-overload]
        os.fsencode(text)  # a lone surrogate that no byte stands for fails here
    except (TypeError, ValueError) as error:
        raise ValueError(f"not a file name: {shown} ({error})") from None
    if "\0" in text:
        raise ValueError(f"not a file name: {shown} (a NUL in it)")
    return text


def read_or_empty(path: str) -> str:
    """The text of a system file (``/proc``), or ``""`` where it cannot be read.

    For facts that some systems do not have: a missing table means "nothing listed".
    """
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read()
    except OSError:
        return ""
