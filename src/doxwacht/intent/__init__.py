"""Intent analysis: explainable Dutch rules for threats, calls to action, incitement, hate, sexual
exposure, insults and profanity; a user-trainable classifier alongside (`doxwacht.intent.classifier`) and a small
shipped second opinion on the tone that the verdict consults where the rules are silent
(`doxwacht.intent.second_opinion`)."""

from doxwacht.intent.analyzer import IntentAnalyzer
from doxwacht.intent.hits import CATEGORIES, Category, IntentHit

__all__ = ["CATEGORIES", "Category", "IntentAnalyzer", "IntentHit"]
