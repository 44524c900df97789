"""The pure core: classification, recovery, approval coverage and the verdict."""
