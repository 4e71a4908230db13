"""The built-in Dutch detectors: the default plugin, registered through the `doxwacht.detectors`
entry point like any third-party detector."""

from __future__ import annotations

from doxwacht.detectors.base import Detector


def builtin_detectors() -> list[Detector]:
    """A fresh instance of every built-in Dutch detector."""
    from doxwacht.detectors.nl.address import AddressDetector
    from doxwacht.detectors.nl.birthdate import BirthDateDetector
    from doxwacht.detectors.nl.bsn import BsnDetector
    from doxwacht.detectors.nl.email import EmailDetector
    from doxwacht.detectors.nl.geo import GeoDetector
    from doxwacht.detectors.nl.handle import HandleDetector
    from doxwacht.detectors.nl.iban import IbanDetector
    from doxwacht.detectors.nl.network import IpDetector, UrlDetector
    from doxwacht.detectors.nl.person import PersonDetector
    from doxwacht.detectors.nl.phone import PhoneDetector
    from doxwacht.detectors.nl.plate import PlateDetector
    from doxwacht.detectors.nl.postcode import PostcodeDetector

    return [
        PhoneDetector(), EmailDetector(), PostcodeDetector(), PlateDetector(), IbanDetector(), BsnDetector(),
        AddressDetector(), PersonDetector(), BirthDateDetector(), IpDetector(), UrlDetector(), HandleDetector(),
        GeoDetector(),
    ]
