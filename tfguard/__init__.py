"""tfguard: a gate between `terraform plan` and `terraform apply`."""

__version__ = "0.1.0"
