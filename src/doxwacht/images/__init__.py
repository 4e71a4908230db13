"""Images: safe loading, EXIF personal data, PDQ known-image matching, OCR of screenshots, faces,
Dutch licence plates, redaction (pre-publication check) and the exposure audit of an archive.

See docs/IMAGES.md. Heavy parts (pdqhash, tesseract, onnxruntime, OpenCV) are imported only when used.
"""

from doxwacht.images.finding import DATE_TAKEN, DEVICE, DEVICE_SERIAL, ImageFinding
from doxwacht.images.load import ImageError, LoadedImage, load_image

__all__ = ["DATE_TAKEN", "DEVICE", "DEVICE_SERIAL", "ImageError", "ImageFinding", "LoadedImage", "load_image"]
