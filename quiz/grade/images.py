"""Scans as images: PNG, JPEG (and what else OpenCV opens), and PDF pages.

PDF pages are rendered with pypdfium2 (PDFium, the renderer Chrome uses, in a
wheel: no poppler or Ghostscript on the machine) at a resolution where a bubble
is some 25 pixels across. A file that cannot be opened is reported by name, and
the others are still read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

__all__ = ["PDF_DPI", "SCAN_SUFFIXES", "pages"]

PDF_DPI = 200
SCAN_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".pdf"})


def pages(path: Path) -> Iterator[tuple[str, np.ndarray | OSError | ValueError]]:
    """Each page of the file, with a label (`scan.pdf#2`): a grey image, or the error
    that kept it from being read."""
    if path.suffix.casefold() == ".pdf":
        yield from _pdf_pages(path)
        return
    data = np.fromfile(path, np.uint8) if path.is_file() else None
    image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if data is not None and data.size else None
    if image is None:
        yield str(path), ValueError("not an image OpenCV can open")
    else:
        yield str(path), image


def _pdf_pages(path: Path) -> Iterator[tuple[str, np.ndarray | OSError | ValueError]]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except (pypdfium2.PdfiumError, OSError) as error:
        yield str(path), ValueError(f"not a PDF that can be opened ({error})")
        return
    for number, page in enumerate(document, 1):
        bitmap = page.render(scale=PDF_DPI / 72, grayscale=True)
        image = bitmap.to_numpy()
        yield f"{path}#{number}", image if image.ndim == 2 else image[..., 0].copy()
