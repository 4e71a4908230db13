"""Cases: stored messages and their evidence, cases per campaign, actions with deadlines and documents,
the audit trail and statistics. See docs/CASES.md."""

from doxwacht.cases.ingest import Ingestor, IngestStats, default_evidence_dir
from doxwacht.cases.policy import DEFAULT_POLICY, CasePolicy

__all__ = ["DEFAULT_POLICY", "CasePolicy", "IngestStats", "Ingestor", "default_evidence_dir"]
