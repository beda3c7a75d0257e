import pytest

from tests.documents.tools import missing_tools


@pytest.fixture(autouse=True)
def _pdf_tools():
    missing = missing_tools()
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: `make pdftools` installs them")
