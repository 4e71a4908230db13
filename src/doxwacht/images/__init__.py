"""Images: safe loading, EXIF personal data, PDQ known-image matching, OCR of screenshots.

See docs/IMAGES.md. Heavy parts (pdqhash, tesseract) are imported only when used.
"""

from doxwacht.images.finding import DATE_TAKEN, DEVICE, DEVICE_SERIAL, ImageFinding
from doxwacht.images.load import ImageError, LoadedImage, load_image

__all__ = ["DATE_TAKEN", "DEVICE", "DEVICE_SERIAL", "ImageError", "ImageFinding", "LoadedImage", "load_image"]
