# One resource of every data-bearing type tfguard knows, plus stateless ones and
# a terraform_data. Applied once per test session; plans vary the variables:
#   -var generation=2                 renames everything -> every resource is replaced
#   -var db_deletion_protection=false turns deletion protection off on the database
#   -var sql_tier=db-custom-2-7680    resizes the Cloud SQL instance in place

terraform {
  required_providers {
    aws    = { source = "hashicorp/aws" }
    google = { source = "hashicorp/google" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

provider "google" {
  project = "tfguard-e2e"
  region  = "europe-west1"
}

variable "generation" {
  type    = number
  default = 1
}

variable "db_deletion_protection" {
  type    = bool
  default = true
}

variable "sql_tier" {
  type    = string
  default = "db-custom-1-3840"
}

locals {
  g    = var.generation
  tags = { suite = "tfguard-e2e" }
}

# --- data-bearing -------------------------------------------------------------

resource "aws_db_instance" "db" {
  identifier          = "catalog-db-${local.g}"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "catalog"
  password            = "catalog-db-password-e2e"
  deletion_protection = var.db_deletion_protection
  tags                = local.tags
}

resource "aws_rds_cluster" "cluster" {
  cluster_identifier        = "catalog-cluster-${local.g}"
  engine                    = "aurora-postgresql"
  master_username           = "catalog"
  master_password           = "catalog-cluster-password-e2e"
  final_snapshot_identifier = "catalog-cluster-${local.g}-final"
  tags                      = local.tags
}

resource "aws_db_snapshot" "snap" {
  db_instance_identifier = aws_db_instance.db.identifier
  db_snapshot_identifier = "catalog-snap-${local.g}"
}

resource "aws_s3_bucket" "data" {
  bucket = "catalog-data-${local.g}"
  tags   = local.tags
}

resource "aws_backup_vault" "vault" {
  name = "catalog-vault-${local.g}"
  tags = local.tags
}

resource "aws_dynamodb_table" "table" {
  name         = "catalog-table-${local.g}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
  tags = local.tags
}

resource "aws_ebs_volume" "volume" {
  availability_zone = local.g == 1 ? "eu-west-1a" : "eu-west-1b"
  size              = 10
  tags              = local.tags
}

resource "aws_efs_file_system" "fs" {
  creation_token = "catalog-fs-${local.g}"
  tags           = local.tags
}

resource "aws_kms_key" "key" {
  description             = "catalog key"
  key_usage               = local.g == 1 ? "ENCRYPT_DECRYPT" : "GENERATE_VERIFY_MAC"
  deletion_window_in_days = 7
  tags                    = local.tags
}

resource "google_sql_database_instance" "sql" {
  name             = "catalog-sql-${local.g}"
  database_version = "POSTGRES_16"
  settings {
    tier = var.sql_tier
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
}

resource "google_storage_bucket" "bucket" {
  name     = "catalog-bucket-${local.g}"
  location = "EU"
  labels   = { suite = "tfguard-e2e" }
}

# --- stateless ----------------------------------------------------------------

resource "aws_instance" "web" {
  ami           = "ami-0${local.g}c55b159cbfafe1f0"
  instance_type = "t3.micro"
  tags          = local.tags
}

resource "aws_security_group" "web" {
  name = "catalog-web-${local.g}"
  tags = local.tags
}

resource "aws_iam_role" "web" {
  name               = "catalog-web-${local.g}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
  tags               = local.tags
}

resource "terraform_data" "marker" {
  input = "generation-${local.g}"
}
