# risky-only: the orders stack of ../incident-replay/main.tf with changes that
# need a careful look but lose no data: the app server is replaced (new AMI),
# the database security group is deleted, and the database is resized in place.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

locals {
  tags = {
    app   = "orders"
    env   = "prod"
    owner = "team-payments"
  }
}

# --- stateless ---------------------------------------------------------------

resource "aws_iam_role" "app" {
  name = "orders-app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role" "backup" {
  name = "orders-backup"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "backup.amazonaws.com" }
    }]
  })
  tags = local.tags
}

# aws_security_group.db removed: it is deleted

resource "aws_instance" "app" {
  ami           = "ami-0a5c3558529277641" # new AMI: forces replacement
  instance_type = "t3.small"
  tags          = merge(local.tags, { Name = "orders-app" })
}

# --- data --------------------------------------------------------------------

resource "aws_db_instance" "orders" {
  identifier              = "orders-prod"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = "db.m6g.xlarge" # resized in place
  allocated_storage       = 100
  username                = "orders"
  password                = "Tr0ub4dor-and-3-horses" # sensitive in the provider schema
  backup_retention_period = 7
  skip_final_snapshot     = true
  # delete_automated_backups is left at its default (true)
  tags = local.tags
}

resource "aws_db_snapshot" "orders_pre_migration" {
  db_instance_identifier = aws_db_instance.orders.identifier
  db_snapshot_identifier = "orders-prod-pre-migration"
  tags                   = local.tags
}

resource "aws_s3_bucket" "backups" {
  bucket        = "orders-prod-db-backups"
  force_destroy = true
  tags          = local.tags
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_backup_vault" "orders" {
  name = "orders-prod"
  tags = local.tags
}

resource "aws_backup_plan" "orders" {
  name = "orders-prod-daily"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.orders.name
    schedule          = "cron(0 5 * * ? *)"
    lifecycle {
      delete_after = 35
    }
  }
  tags = local.tags
}

resource "aws_backup_selection" "orders" {
  name         = "orders-prod-db"
  plan_id      = aws_backup_plan.orders.id
  iam_role_arn = aws_iam_role.backup.arn
  resources    = [aws_db_instance.orders.arn]
}
