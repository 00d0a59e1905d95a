mock_provider "azurerm" {}

variables {
  name                       = "sb-example-dev"
  location                   = "francecentral"
  resource_group_name        = "rg-example-dev"
  key_vault_key_id           = "https://kv-example.vault.azure.net/keys/service-bus"
  key_vault_key_resource_id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-example/keys/service-bus"
  private_endpoint_subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints"
  private_dns_zone_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.servicebus.windows.net"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  queues                     = { jobs = { fifo = false, lock_duration_seconds = 60, message_retention_days = 4, max_delivery_count = 10 } }
  topics                     = { events = { fifo = true, message_retention_days = 7, max_delivery_count = 5, subscriptions = ["billing"] } }
  tags                       = { Project = "example", Environment = "dev", Owner = "team", CostCenter = "cc", ManagedBy = "terraform" }
}

run "private_entra_only_encrypted_and_tagged" {
  command = plan

  assert {
    condition     = azurerm_servicebus_namespace.this.sku == "Premium" && azurerm_servicebus_namespace.this.local_auth_enabled == false && azurerm_servicebus_namespace.this.public_network_access_enabled == false && azurerm_servicebus_namespace.this.minimum_tls_version == "1.2"
    error_message = "Premium, Entra ID only, private, TLS 1.2."
  }

  assert {
    condition     = azurerm_servicebus_namespace.this.customer_managed_key[0].key_vault_key_id == var.key_vault_key_id && azurerm_servicebus_namespace.this.customer_managed_key[0].infrastructure_encryption_enabled
    error_message = "The namespace must be encrypted with the customer-managed key, twice."
  }

  assert {
    condition     = azurerm_private_endpoint.namespace.private_service_connection[0].subresource_names[0] == "namespace"
    error_message = "A private endpoint on the namespace."
  }

  assert {
    condition     = length(azurerm_monitor_metric_alert.dead_letters) == 0
    error_message = "No action group given, no alert."
  }

  assert {
    condition     = alltrue([for t in [azurerm_servicebus_namespace.this.tags, azurerm_private_endpoint.namespace.tags, azurerm_user_assigned_identity.this.tags] : t["Project"] == "example" && t["ManagedBy"] == "terraform"])
    error_message = "Every taggable resource carries the mandatory tags."
  }
}

run "entities_dead_letter_and_order_when_asked" {
  command = plan

  assert {
    condition     = azurerm_servicebus_queue.this["jobs"].dead_lettering_on_message_expiration && azurerm_servicebus_queue.this["jobs"].max_delivery_count == 10 && azurerm_servicebus_queue.this["jobs"].default_message_ttl == "P4D" && azurerm_servicebus_queue.this["jobs"].requires_session == false
    error_message = "The queue dead-letters what expires or fails every delivery."
  }

  assert {
    condition     = azurerm_servicebus_topic.this["events"].support_ordering && azurerm_servicebus_subscription.this["events/billing"].requires_session && azurerm_servicebus_subscription.this["events/billing"].max_delivery_count == 5
    error_message = "A FIFO topic orders its messages; each consumer has its own subscription."
  }
}

run "dead_letters_alert_the_action_group" {
  command = plan

  variables {
    alert_action_group_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/alerts"
  }

  assert {
    condition     = azurerm_monitor_metric_alert.dead_letters[0].criteria[0].metric_name == "DeadletteredMessages" && azurerm_monitor_metric_alert.dead_letters[0].criteria[0].threshold == 0 && azurerm_monitor_metric_alert.dead_letters[0].criteria[0].operator == "GreaterThan"
    error_message = "The alert fires while a dead-letter queue holds messages."
  }

  assert {
    condition     = one(azurerm_monitor_metric_alert.dead_letters[0].action).action_group_id == var.alert_action_group_id && azurerm_monitor_metric_alert.dead_letters[0].tags["Project"] == "example"
    error_message = "The alert tells the project's action group and carries the tags."
  }
}

run "refuses_an_unknown_capacity" {
  command = plan

  variables {
    capacity = 3
  }

  expect_failures = [var.capacity]
}
