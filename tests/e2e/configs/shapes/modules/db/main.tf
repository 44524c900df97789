# A local module holding one database; the shapes tests delete a call to it, and shrink
# the count of another.
variable "identifier" {
  type = string
}

resource "aws_db_instance" "db" {
  identifier          = var.identifier
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}
