terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm" }
  }
}

variable "name" { type = string }
variable "server_id" { type = string }

resource "azurerm_mssql_database" "this" {
  name      = var.name
  server_id = var.server_id
  sku_name  = "S0"

  short_term_retention_policy {
    retention_days = 14
  }
}
