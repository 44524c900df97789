# Plan shapes tfguard must read right (test_e2e_recovery.py): disarming updates, a replace
# forced by an attribute, count/for_each shrinks (of resources and of a module call), a
# deleted module call, `removed` and `moved` blocks. Applied once per test module;
# variables drive the in-place, replace and shrink plans, and the tests edit the blocks
# between "# begin: NAME" and "# end: NAME" for the others.
#
# The module call needs `terraform get` (modules only, offline for a local path), never
# `terraform init`: the aws provider is served through dev_overrides.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

variable "deletion_protection" {
  type    = bool
  default = true
}

variable "backup_retention_period" {
  type    = number
  default = 7
}

variable "engine" {
  type    = string
  default = "postgres"
}

variable "replicas" {
  type    = number
  default = 2
}

variable "pools" {
  type    = number
  default = 2
}

variable "shards" {
  type    = set(string)
  default = ["blue", "green"]
}

resource "aws_db_instance" "protected" {
  identifier          = "shape-protected"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
  deletion_protection = var.deletion_protection
}

resource "aws_db_instance" "retention" {
  identifier              = "shape-retention"
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  skip_final_snapshot     = true
  backup_retention_period = var.backup_retention_period
}

resource "aws_db_instance" "engine" {
  identifier          = "shape-engine"
  engine              = var.engine
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}

resource "aws_db_instance" "counted" {
  count               = var.replicas
  identifier          = "shape-counted-${count.index}"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}

resource "aws_db_instance" "keyed" {
  for_each            = var.shards
  identifier          = "shape-keyed-${each.key}"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}

# begin: module
module "legacy" {
  source     = "./modules/db"
  identifier = "shape-legacy"
}
# end: module

module "pool" {
  count      = var.pools
  source     = "./modules/db"
  identifier = "shape-pool-${count.index}"
}

# begin: forget
resource "aws_db_instance" "forget" {
  identifier          = "shape-forget"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}
# end: forget

# begin: move
resource "aws_db_instance" "a" {
  identifier          = "shape-moved"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}
# end: move
