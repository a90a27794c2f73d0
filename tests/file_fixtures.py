"""Stored files of each kind, named by their storage name (as `.pk`) so that a permission-matrix row can
name the guarded address of one: an uploaded roster sheet, a published report version's PDF and an uploaded
congress document. Imported by tests/conftest.py."""

import types

import pytest

__all__ = ["stored_files"]


@pytest.fixture
def stored_files(son_hong_upload, report_version, congress_v):
    return {
        "roster_sheet": types.SimpleNamespace(pk=son_hong_upload.file.name),
        "version_pdf": types.SimpleNamespace(pk=report_version.pdf.name),
        "congress_document": types.SimpleNamespace(pk=congress_v["programme"].file.name),
    }
