"""Compare two versions of a report paragraph by paragraph, marking the words that changed."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from reports.document import paragraph_text

# Words, runs of spaces, and each punctuation mark on its own: "túc" and "túc," share the word.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _units(content):
    """Paragraphs and tables keyed by their stable ids, headings keyed by their text, in document order."""
    units = []
    for block in content["blocks"]:
        if block["type"] == "paragraph":
            units.append((block["id"], paragraph_text(block)))
        elif block["type"] in ("table", "chart"):
            rows = [" | ".join(block["columns"])] + [" | ".join(row) for row in block["rows"]]
            if block.get("total"):
                rows.append(" | ".join(block["total"]))
            units.append((block["id"], f"{block.get('caption', '')}\n" + "\n".join(rows)))
        elif block["type"] == "heading":
            units.append((f"heading:{block['text']}", block["text"]))
    return units


def mark_changes(old, new):
    """HTML of the new text with deleted words in <del> and inserted words in <ins>."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


def compare(old_content, new_content):
    """Rows of {id, status, html}: status is same, changed, added or removed, in reading order.

    A removed paragraph is shown where it stood, before the first paragraph that followed it and is kept.
    """
    old_units = _units(old_content)
    old = dict(old_units)
    old_position = {key: index for index, (key, _) in enumerate(old_units)}
    new_units = _units(new_content)
    new_ids = {key for key, _ in new_units}
    rows = []
    shown_old = 0

    def removed_up_to(position):
        nonlocal shown_old
        while shown_old < position:
            key, text = old_units[shown_old]
            shown_old += 1
            if key not in new_ids:
                rows.append({"id": key, "status": "removed", "html": mark_safe(f"<del>{escape(text)}</del>")})

    for key, text in new_units:
        if key not in old:
            rows.append({"id": key, "status": "added", "html": mark_safe(f"<ins>{escape(text)}</ins>")})
            continue
        removed_up_to(old_position[key] + 1)
        if old[key] != text:
            rows.append({"id": key, "status": "changed", "html": mark_changes(old[key], text)})
        else:
            rows.append({"id": key, "status": "same", "html": escape(text)})
    removed_up_to(len(old_units))
    return rows
