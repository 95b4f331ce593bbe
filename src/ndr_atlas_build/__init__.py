"""Build-time side of NDR Atlas: catalog loading and checks, page generation, MkDocs hooks."""
