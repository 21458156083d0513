"""Text from files and command lines, made safe to show: the one place where that is done.

A town's name, a file's path, a node id typed on the command line: each is chosen by someone
else and reaches a terminal, rich's markup parser or a window title. Left raw, ``[/]`` in a
name crashed rich ("closing tag has nothing to close"), and an escape sequence such as
``ESC ]0;...BEL`` set the terminal's window title. Every user-supplied string shown by
``thrive`` goes through :func:`safe_text` (for rich) or :func:`plain` (for a raw stream or a
window caption).

Control characters are shown as visible escapes (``\\x1b``) rather than dropped, so a person can
still tell which file or name is meant; scenario files refuse them outright (see
``model/schema.py``), so there they only ever appear in paths and command-line arguments.
"""

from __future__ import annotations

import re

from rich.markup import escape

__all__ = ["plain", "safe_text"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls except tab and newline, DEL, and C1 controls (``\\x9b`` is a one-byte CSI)."""


def plain(text: object) -> str:
    """``text`` with every control character but tab and newline shown as a visible escape.

    What is left cannot move the cursor, clear the screen, set a title or ring a bell: an
    escape sequence loses its ESC and so is only text.

    >>> plain("x\\x1b]0;pwned\\x07.yaml")
    'x\\\\x1b]0;pwned\\\\x07.yaml'
    >>> plain("two\\nlines\\tand a tab")
    'two\\nlines\\tand a tab'
    >>> plain("caf\\u00e9 \\x9b31m")
    'café \\\\x9b31m'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(text))


def safe_text(text: object) -> str:
    """``text`` ready for rich: control characters made visible and markup escaped.

    >>> safe_text("[/][bold]Brackenbury")
    '\\\\[/]\\\\[bold]Brackenbury'
    >>> safe_text("\\x1b[31mred")
    '\\\\x1b[31mred'
    """
    return escape(plain(text))
