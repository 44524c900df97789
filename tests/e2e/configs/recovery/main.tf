# Data stores and their backups, for tfguard's recovery verdicts (test_e2e_recovery.py).
# Applied once per test module; each test plans this file with some blocks cut out.
# A block between "# begin: NAME" and "# end: NAME" is cut by the tests by NAME.
#
# Every database is its own case: identifiers, snapshots and ARNs never overlap, so
# no backup of one case links to the store of another.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

# begin: final
# Deleted with a named final snapshot -> kept.
resource "aws_db_instance" "final" {
  identifier                = "rec-final"
  engine                    = "postgres"
  instance_class            = "db.t4g.micro"
  skip_final_snapshot       = false
  final_snapshot_identifier = "x-final"
}
# end: final

# begin: lost
# No final snapshot, automated backups deleted with it (the default), no other backup -> lost.
resource "aws_db_instance" "lost" {
  identifier          = "rec-lost"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}
# end: lost

# begin: retained
# No final snapshot, but the automated backups are retained -> kept.
resource "aws_db_instance" "retained" {
  identifier               = "rec-retained"
  engine                   = "postgres"
  instance_class           = "db.t4g.micro"
  skip_final_snapshot      = true
  delete_automated_backups = false
}
# end: retained

# begin: snapdel
# A manual snapshot that references its database; both are deleted together -> lost.
resource "aws_db_instance" "snapdel" {
  identifier          = "rec-snapdel"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}

resource "aws_db_snapshot" "snapdel" {
  db_instance_identifier = aws_db_instance.snapdel.identifier
  db_snapshot_identifier = "rec-snapdel-manual"
}
# end: snapdel

# begin: snapkeep_db
# Only the database block is cut; its snapshot stays in the configuration -> kept.
resource "aws_db_instance" "snapkeep" {
  identifier          = "rec-snapkeep"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}
# end: snapkeep_db

# The literal identifier (not a reference) keeps this block valid without the database:
# tfguard must link the two by value (db_instance_identifier = identifier).
resource "aws_db_snapshot" "snapkeep" {
  db_instance_identifier = "rec-snapkeep"
  db_snapshot_identifier = "rec-snapkeep-manual"
}

# begin: vaulted_db
# Only the database block is cut; AWS Backup keeps its recovery points in the vault -> kept.
resource "aws_db_instance" "vaulted" {
  identifier          = "rec-vaulted"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}
# end: vaulted_db

resource "aws_backup_vault" "vaulted" {
  name = "rec-vault"
}

resource "aws_backup_plan" "vaulted" {
  name = "rec-backup-plan"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.vaulted.name
    schedule          = "cron(0 5 * * ? *)"
  }
}

resource "aws_backup_selection" "vaulted" {
  name         = "rec-vaulted"
  plan_id      = aws_backup_plan.vaulted.id
  iam_role_arn = "arn:aws:iam::123456789012:role/rec-backup"
  # The database's ARN as the provider computes it, literal so that the database block
  # can be cut (tfguard links by value: resources contains the store's arn).
  resources = ["arn:aws:rds:us-east-1:123456789012:db:rec-vaulted"]
}
