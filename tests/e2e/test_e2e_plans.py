"""Real Terraform plans for the cases of issue 14: hidden protection values, provisioners."""

from __future__ import annotations

import pytest
from e2e_checks import by_address, load_plan

pytestmark = pytest.mark.e2e

SENSITIVE_PROTECTION = """
variable "protect" {
  type      = bool
  sensitive = true
  default   = %s
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  instance_class      = "db.t3.micro"
  deletion_protection = var.protect
}
"""


def test_deletion_protection_switched_off_behind_a_sensitive_variable(tfguard, make_plan):
    plan = make_plan(
        {"main.tf": SENSITIVE_PROTECTION % "true"}, {"main.tf": SENSITIVE_PROTECTION % "false"}
    )
    change = load_plan(plan.plan_json)["resource_changes"][0]["change"]
    assert change["after_sensitive"]["deletion_protection"] is True  # Terraform hides it

    result = tfguard("check", "--format", "json", plan.plan_json)

    assert result.returncode == 1, result
    db = by_address(result.json())["aws_db_instance.orders"]
    assert db["classification"] == "destructive"
    reason = next(r for r in db["reasons"] if r["rule"] == "aws-deletion-protection-off")
    assert "sensitive (hidden)" in reason["message"]
