output "id" {
  description = "Namespace id."
  value       = azurerm_servicebus_namespace.this.id
}

output "endpoint" {
  description = "Fully qualified namespace (resolved to the private endpoint inside the network)."
  value       = "${azurerm_servicebus_namespace.this.name}.servicebus.windows.net"
}

output "queue_ids" {
  description = "Queue ids by name: scopes of role assignments on one queue."
  value       = { for name, q in azurerm_servicebus_queue.this : name => q.id }
}

output "topic_ids" {
  description = "Topic ids by name: scopes of role assignments on one topic."
  value       = { for name, t in azurerm_servicebus_topic.this : name => t.id }
}

output "subscription_ids" {
  description = "Subscription ids by TOPIC/SUBSCRIPTION: scopes of a consumer's role assignment."
  value       = { for key, s in azurerm_servicebus_subscription.this : key => s.id }
}
