"""Evidence: originals stored by SHA-256 (`BlobStore`), capture records and chain-of-custody events
(`CaptureRecord`, `CustodyEvent`), and evidence packages (`export_package`, `verify_package`)."""

from doxwacht.evidence.blobs import BlobCorrupted, BlobStore, blob_name, sha256_hex
from doxwacht.evidence.capture import Capture, Capturer, canonical_json
from doxwacht.evidence.package import (ExportResult, Problem, VerificationReport, export_package, manifest_hash,
                                       verify_package)
from doxwacht.evidence.records import CaptureKind, CaptureRecord, CustodyAction, CustodyEvent

__all__ = [
    "BlobCorrupted", "BlobStore", "Capture", "CaptureKind", "CaptureRecord", "Capturer", "CustodyAction",
    "CustodyEvent", "ExportResult", "Problem", "VerificationReport", "blob_name", "canonical_json", "export_package",
    "manifest_hash", "sha256_hex", "verify_package",
]
