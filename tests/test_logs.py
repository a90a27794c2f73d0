"""WeasyPrint's font-subsetting warning is logged once, not once per font of every PDF."""

import logging

from lienhiephoi.logs import OnceOnly


def test_the_harfbuzz_warning_passes_once_and_other_warnings_always(caplog):
    logger = logging.getLogger("weasyprint")
    assert any(isinstance(f, OnceOnly) for f in logger.filters)
    for f in logger.filters:
        if isinstance(f, OnceOnly):
            f.seen = False
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        for family in ["Tinos", "Tinos Bold", "Arimo", "Tinos", "Arimo", "Tinos"]:
            logger.warning(
                'Using fontTools instead of HarfBuzz-Subset for font "%s". This will be unsupported.', family
            )
        logger.warning("Another warning")
        logger.warning("Another warning")
    messages = [r.getMessage() for r in caplog.records]
    assert sum("HarfBuzz-Subset" in m for m in messages) == 1
    assert messages.count("Another warning") == 2
