"""A readable difference between two versions: lines are compared first, then the words
inside changed lines, so that a 50-page document compares in milliseconds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\s+|[^\s]+")
CONTEXT = 2


@dataclass
class Block:
    kind: str  # "same", "changed" or "skipped"
    # (op, text): op is "=", "+" or "-"; text is plain (the template escapes it).
    segments: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0


def _words(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return out


def compare(old_text: str, new_text: str) -> list[Block]:
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    # Blank lines are junk for matching: they align everywhere and make it quadratic.
    matcher = SequenceMatcher(lambda line: not line.strip(), old_lines, new_lines,
                              autojunk=False)
    blocks: list[Block] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines = old_lines[i1:i2]
            if len(lines) > 2 * CONTEXT + 1:
                head, tail = lines[:CONTEXT], lines[-CONTEXT:]
                if blocks:
                    blocks.append(Block("same", [("=", "\n".join(head))]))
                blocks.append(Block("skipped", skipped=len(lines) - len(head) - len(tail)))
                blocks.append(Block("same", [("=", "\n".join(tail))]))
            else:
                blocks.append(Block("same", [("=", "\n".join(lines))]))
            continue
        old_block, new_block = "\n".join(old_lines[i1:i2]), "\n".join(new_lines[j1:j2])
        if op == "replace":
            blocks.append(Block("changed", _words(old_block, new_block)))
        elif op == "delete":
            blocks.append(Block("changed", [("-", old_block)]))
        else:
            blocks.append(Block("changed", [("+", new_block)]))
    if blocks and blocks[-1].kind == "skipped":
        blocks.pop()
    return blocks
