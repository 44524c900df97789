# Recovery verdicts on azurerm plans (tests/e2e/test_e2e_recovery_providers.py).
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm" }
  }
}

variable "databases" {
  type    = set(string)
  default = ["orders", "billing"]
}

variable "legacy" {
  type    = bool
  default = true
}

variable "disks" {
  type    = set(string)
  default = ["a", "b"]
}

resource "azurerm_mssql_server" "main" {
  name                = "sql-main"
  resource_group_name = "rg-data"
  location            = "westeurope"
  version             = "12.0"
}

# One module instance per database: dropping a key deletes that database only.
module "db" {
  source    = "./modules/sqldb"
  for_each  = var.databases
  name      = each.key
  server_id = azurerm_mssql_server.main.id
}

# A whole server with its database: turning it off deletes both.
module "legacy" {
  source = "./modules/sqlserver"
  count  = var.legacy ? 1 : 0
}

resource "azurerm_managed_disk" "data" {
  for_each             = var.disks
  name                 = "disk-${each.key}"
  resource_group_name  = "rg-data"
  location             = "westeurope"
  storage_account_type = "Premium_LRS"
  create_option        = "Empty"
  disk_size_gb         = 64
}

# Disk a's snapshot is kept by another team: it names the disk by id, not by reference.
resource "azurerm_snapshot" "a" {
  name                = "disk-a-nightly"
  resource_group_name = "rg-backup"
  location            = "westeurope"
  create_option       = "Copy"
  source_uri          = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Compute/disks/disk-a"
}

# Disk b's snapshot follows the disk: removing disk b removes both.
resource "azurerm_snapshot" "b" {
  for_each            = { for k, d in azurerm_managed_disk.data : k => d if k == "b" }
  name                = "disk-b-nightly"
  resource_group_name = "rg-data"
  location            = "westeurope"
  create_option       = "Copy"
  source_uri          = each.value.id
}

provider "azurerm" {
  features {}
}

variable "vaults" {
  type    = set(string)
  default = ["current", "legacy"]
}

# "legacy" was created by azurerm 4.x with soft delete off; "current" keeps the default.
resource "azurerm_recovery_services_vault" "vm" {
  for_each            = var.vaults
  name                = "rsv-${each.key}"
  resource_group_name = "rg-backup"
  location            = "westeurope"
  sku                 = "Standard"
  soft_delete_enabled = each.key == "current"
}

variable "protected_vms" {
  type    = set(string)
  default = ["app"]
}

resource "azurerm_backup_protected_vm" "app" {
  for_each            = var.protected_vms
  resource_group_name = "rg-backup"
  recovery_vault_name = azurerm_recovery_services_vault.vm["legacy"].name
  source_vm_id        = "${local.vm_prefix}/vm-${each.key}"
}

locals {
  vm_prefix = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines"
}
