"""NDR Atlas: read a non-delivery report and explain every failed recipient.

The runtime package uses only the standard library, so the same code runs in CPython and in
Pyodide inside the browser.
"""

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.diagnose import Diagnosis, Report, diagnose

__all__ = ["Catalog", "Diagnosis", "Report", "diagnose", "load_catalog"]
__version__ = "0.1.0"
