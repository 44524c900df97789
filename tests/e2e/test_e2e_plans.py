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


PROVISIONED = """
resource "terraform_data" "cleanup" {
  input = "x"
  provisioner "local-exec" {
    when    = destroy
    command = "true"
  }
}

module "m" {
  source = "./m"
}
"""
PROVISIONED_MODULE = """
resource "terraform_data" "inner" {
  for_each = toset(["a]b"])
  input    = each.key
  provisioner "local-exec" {
    when    = destroy
    command = "true"
  }
}

resource "terraform_data" "plain" {
  input = "y"
}
"""


def test_destroy_time_provisioners_are_named(tfguard, make_plan):
    plan = make_plan({"main.tf": PROVISIONED, "m/main.tf": PROVISIONED_MODULE}, destroy=True)

    result = tfguard("check", "--format", "json", plan.plan_json)

    assert result.returncode == 0, result  # risky, not destructive
    changes = by_address(result.json())
    for address in ("terraform_data.cleanup", 'module.m.terraform_data.inner["a]b"]'):
        assert changes[address]["classification"] == "risky"
        rules = {r["rule"]: r["message"] for r in changes[address]["reasons"]}
        assert "local-exec" in rules["provisioners-run"]
        assert "terraform-destroy-provisioner" in rules
    plain = {r["rule"] for r in changes["module.m.terraform_data.plain"]["reasons"]}
    assert plain == {"terraform-destroy-provisioner"}


REPOSITORY = """
resource "aws_codeartifact_repository" "packages" {
  repository = "packages"
  domain     = "acme"
}
"""


def test_unknown_type_that_looks_like_data_fails_closed(tfguard, make_plan, tmp_path):
    plan = make_plan({"main.tf": REPOSITORY}, destroy=True)

    result = tfguard("check", "--format", "json", plan.plan_json)

    assert result.returncode == 1, result
    repo = by_address(result.json())["aws_codeartifact_repository.packages"]
    assert repo["classification"] == "destructive"
    [reason] = repo["reasons"]
    assert reason["rule"] == "unknown-type-holds-data"
    assert 'stateless_types = ["aws_codeartifact_repository"]' in reason["message"]

    config = tmp_path / "tfguard.hcl"
    config.write_text('stateless_types = ["aws_codeartifact_repository"]\n')
    declared = tfguard("check", "--format", "json", "--config", config, plan.plan_json)
    assert declared.returncode == 0, declared
    assert (
        by_address(declared.json())["aws_codeartifact_repository.packages"]["classification"]
        == "risky"
    )
