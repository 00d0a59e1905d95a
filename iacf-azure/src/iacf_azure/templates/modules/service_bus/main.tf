# A Service Bus Premium namespace the way every project namespace is made: Entra ID only (local SAS authentication
# off), no public network access (a private endpoint), TLS 1.2, a customer-managed key with infrastructure
# encryption, its logs in Log Analytics; its queues and topics dead-letter what expires or fails every delivery.

resource "azurerm_user_assigned_identity" "this" {
  name                = "${var.name}-cmk"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

# the namespace's identity may wrap and unwrap with this key only (scope: the key, not the vault)
resource "azurerm_role_assignment" "key" {
  scope                = var.key_vault_key_resource_id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_user_assigned_identity.this.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_servicebus_namespace" "this" {
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  sku                           = "Premium"
  capacity                      = var.capacity
  premium_messaging_partitions  = 1
  local_auth_enabled            = false
  public_network_access_enabled = false
  minimum_tls_version           = "1.2"
  tags                          = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.this.id]
  }

  customer_managed_key {
    key_vault_key_id                  = var.key_vault_key_id
    identity_id                       = azurerm_user_assigned_identity.this.id
    infrastructure_encryption_enabled = true
  }

  network_rule_set {
    default_action                = "Deny"
    public_network_access_enabled = false
    trusted_services_allowed      = false
  }

  depends_on = [azurerm_role_assignment.key]
}

resource "azurerm_servicebus_queue" "this" {
  for_each = var.queues

  name                                 = each.key
  namespace_id                         = azurerm_servicebus_namespace.this.id
  lock_duration                        = "PT${each.value.lock_duration_seconds}S"
  default_message_ttl                  = "P${each.value.message_retention_days}D"
  max_delivery_count                   = each.value.max_delivery_count
  dead_lettering_on_message_expiration = true
  requires_session                     = each.value.fifo
  requires_duplicate_detection         = each.value.fifo
  partitioning_enabled                 = false
}

resource "azurerm_servicebus_topic" "this" {
  for_each = var.topics

  name                         = each.key
  namespace_id                 = azurerm_servicebus_namespace.this.id
  default_message_ttl          = "P${each.value.message_retention_days}D"
  requires_duplicate_detection = each.value.fifo
  support_ordering             = each.value.fifo
  partitioning_enabled         = false
}

# one subscription per consumer of a topic: a slow or failing consumer holds no other
resource "azurerm_servicebus_subscription" "this" {
  for_each = { for pair in flatten([for topic, t in var.topics : [for s in t.subscriptions : { key = "${topic}/${s}", topic = topic, name = s, t = t }]]) : pair.key => pair }

  name                                 = each.value.name
  topic_id                             = azurerm_servicebus_topic.this[each.value.topic].id
  max_delivery_count                   = each.value.t.max_delivery_count
  default_message_ttl                  = "P${each.value.t.message_retention_days}D"
  dead_lettering_on_message_expiration = true
  requires_session                     = each.value.t.fifo
  lock_duration                        = "PT1M"
}

# a message set aside in a dead-letter queue is a message nobody processed: the action group hears of it while the
# dead-letter queue of any queue or subscription is not empty
resource "azurerm_monitor_metric_alert" "dead_letters" {
  count = var.alert_action_group_id == "" ? 0 : 1

  name                = "${var.name}-dead-letters"
  resource_group_name = var.resource_group_name
  scopes              = [azurerm_servicebus_namespace.this.id]
  description         = "A dead-letter queue of ${var.name} holds messages: read them, then resubmit or discard them."
  severity            = 2
  frequency           = "PT5M"
  window_size         = "PT15M"
  tags                = var.tags

  criteria {
    metric_namespace = "Microsoft.ServiceBus/namespaces"
    metric_name      = "DeadletteredMessages"
    aggregation      = "Average"
    operator         = "GreaterThan"
    threshold        = 0

    dimension {
      name     = "EntityName"
      operator = "Include"
      values   = ["*"]
    }
  }

  action {
    action_group_id = var.alert_action_group_id
  }
}

resource "azurerm_private_endpoint" "namespace" {
  name                = "${var.name}-namespace"
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.private_endpoint_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${var.name}-namespace"
    private_connection_resource_id = azurerm_servicebus_namespace.this.id
    subresource_names              = ["namespace"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [var.private_dns_zone_id]
  }
}

resource "azurerm_monitor_diagnostic_setting" "this" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_servicebus_namespace.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
