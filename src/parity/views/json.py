"""JSON views: the shapes CI reads and the dashboard will reuse. Values arrive already masked."""

from __future__ import annotations

import json
from typing import Any

from parity.diff import Diff
from parity.findings import Finding, Report
from parity.plan import Plan, ServicePlan


def dumps(document: dict[str, Any]) -> str:
    """One JSON document, stable key order, ending without a newline."""
    return json.dumps(document, indent=2, default=str)


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as CI reads it."""
    document: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "environment": finding.environment,
        "service": finding.service,
        "variable": finding.variable,
        "evidence": dict(finding.evidence),
    }
    if finding.location is not None:
        document["location"] = {
            "file": finding.location.file,
            "line": finding.location.line,
            "field": finding.location.field,
        }
    return document


def report_json(report: Report) -> dict[str, Any]:
    """`{"findings": [...], "summary": {...}}`."""
    summary = report.summary
    return {
        "findings": [finding_json(f) for f in report.findings],
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "environments": list(summary.environments),
            "services": summary.services,
            "variables": summary.variables,
            "parity_score": summary.parity_score,
            "passed": not report.failed,
        },
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan: each service with its `name` and its production `source`."""
    return {
        "environment": plan.environment,
        "source_environment": plan.source_environment,
        "services": [_service_json(s) for s in plan.services],
        "databases": [{"key": d.key, "name": d.name, "source": d.source} for d in plan.databases],
        "removed_services": list(plan.removed),
    }


def _service_json(service: ServicePlan) -> dict[str, Any]:
    return {
        "key": service.key,
        "name": service.name,
        "source": service.source,
        "type": service.type,
        "fields": [
            {"field": c.field, "production": c.production, "value": c.value, "reason": c.reason}
            for c in service.fields
        ],
        "variables": [
            {
                "name": v.name,
                "origin": v.origin.value,
                "value": v.value,
                "production": v.production,
                "detail": v.detail,
                "secret": v.secret,
                "differs": v.differs,
            }
            for v in service.variables
        ],
    }


def diff_json(result: Diff) -> dict[str, Any]:
    """Both sides of every variable, masked, with whether they are the same."""
    return {
        "left": result.left,
        "right": result.right,
        "differences": result.differences,
        "services": [
            {
                "key": s.key,
                "left_name": s.left_name,
                "right_name": s.right_name,
                "variables": [
                    {"name": r.name, "left": r.left, "right": r.right, "same": r.same}
                    for r in s.rows
                ],
            }
            for s in result.services
        ],
    }
