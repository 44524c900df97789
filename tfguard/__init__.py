"""tfguard: a gate between `terraform plan` and `terraform apply`."""

REPOSITORY = "tfguard/tfguard"
"""The project's home (GitHub owner/name): the one setting that rule-doc links, SARIF's
informationUri, the recipes' `uses:` lines and the install commands derive from. Change it with
`python scripts/set_project_home.py OWNER/NAME`; tests/test_project_home.py keeps them in step."""
HOME = f"https://github.com/{REPOSITORY}"

try:  # written by the build from the git tag (hatch-vcs); never committed
    from tfguard._version import __version__ as __version__
except ImportError:  # a source tree that was never built or installed
    __version__ = "0.0.0+unknown"
