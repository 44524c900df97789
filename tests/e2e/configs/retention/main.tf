# One of each retention / lifecycle family tfguard compares (tests/e2e/test_e2e_retention.py).
# The variables are the settings: the stack is applied with the defaults, then planned with
# shorter or longer values.

variable "rds_days" {
  default = 14
}
variable "backup_days" {
  default = 35
}
variable "s3_days" {
  default = 90
}
variable "gcs_age" {
  default = 365
}
variable "log_days" {
  default = 365
}
variable "sql_retained" {
  default = 14
}

resource "aws_db_instance" "orders" {
  identifier              = "orders"
  instance_class          = "db.t3.micro"
  backup_retention_period = var.rds_days
  deletion_protection     = true
}

resource "aws_backup_plan" "nightly" {
  name = "nightly"
  rule {
    rule_name         = "nightly"
    target_vault_name = "vault"
    lifecycle {
      delete_after = var.backup_days
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = "orders-logs"
  rule {
    id     = "tmp"
    status = "Enabled"
    filter {
      prefix = "tmp/"
    }
    expiration {
      days = 1
    }
  }
  rule {
    id     = "logs"
    status = "Enabled"
    filter {
      prefix = "logs/"
    }
    expiration {
      days = var.s3_days
    }
  }
}

resource "google_storage_bucket" "archive" {
  name     = "orders-archive"
  location = "EU"
  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      age = var.gcs_age
    }
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/orders/app"
  retention_in_days = var.log_days
}

resource "google_sql_database_instance" "orders" {
  name             = "orders"
  database_version = "POSTGRES_16"
  settings {
    tier = "db-f1-micro"
    backup_configuration {
      enabled = true
      backup_retention_settings {
        retained_backups = var.sql_retained
      }
    }
  }
}
