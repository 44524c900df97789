terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm" }
  }
}

resource "azurerm_mssql_server" "this" {
  name                = "sql-legacy"
  resource_group_name = "rg-legacy"
  location            = "westeurope"
  version             = "12.0"
}

resource "azurerm_mssql_database" "this" {
  name      = "ledger"
  server_id = azurerm_mssql_server.this.id

  short_term_retention_policy {
    retention_days = 35
  }
}
