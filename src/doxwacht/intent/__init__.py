"""Intent analysis: explainable Dutch rules for threats, calls to action, incitement, hate, sexual
exposure, insults and profanity; a user-trainable classifier alongside (`doxwacht.intent.classifier`)."""

from doxwacht.intent.analyzer import IntentAnalyzer
from doxwacht.intent.hits import CATEGORIES, Category, IntentHit

__all__ = ["CATEGORIES", "Category", "IntentAnalyzer", "IntentHit"]
