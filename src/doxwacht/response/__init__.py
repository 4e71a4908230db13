"""The response to a case: Dutch documents (removal requests, DSA notices, a draft art. 125p Sv request,
the aangifte file, a civil summons, intervention records, referrals, receipts and decisions), their
deadlines and escalation ladder, and sending them by e-mail. Plain dataclasses in, documents out: no
database here; the case layer stores what it needs."""

from doxwacht.response.clock import Clock, FixedClock, SystemClock
from doxwacht.response.deadlines import (ActionKind, Deadline, DeadlinePolicy, Escalation, LegalRoute, Reminder, Step,
                                         Terms, suggest_escalation)
from doxwacht.response.documents import Document, DocumentError, DocumentFactory, DocumentKind
from doxwacht.response.dsa import DsaNotice, build_dsa_notice
from doxwacht.response.facts import (CaseFacts, Category, Decision, EvidenceItem, Excerpt, Intervention, Location,
                                     Notifier, Qualification, Recipient, RecipientKind, RoleGroup, Target,
                                     TimelineEvent)
from doxwacht.response.mailer import MailError, Security, SmtpConfig, build_message, send_document
from doxwacht.response.masking import find_unmasked, mask_excerpt, mask_value
from doxwacht.response.referral import choose_referrals

__all__ = [
    "ActionKind", "CaseFacts", "Category", "Clock", "Deadline", "DeadlinePolicy", "Decision", "Document",
    "DocumentError", "DocumentFactory", "DocumentKind", "DsaNotice", "Escalation", "EvidenceItem", "Excerpt",
    "FixedClock", "Intervention", "LegalRoute", "Location", "MailError", "Notifier", "Qualification", "Recipient",
    "RecipientKind", "Reminder", "RoleGroup", "Security", "SmtpConfig", "Step", "SystemClock", "Target", "Terms",
    "TimelineEvent", "build_dsa_notice", "build_message", "choose_referrals", "find_unmasked", "mask_excerpt",
    "mask_value", "send_document", "suggest_escalation",
]
