output "policy_assignment_id" {
  description = "Id of the Microsoft cloud security benchmark assignment."
  value       = azurerm_subscription_policy_assignment.benchmark.id
}

output "defender_plans" {
  description = "Defender for Cloud plans turned on."
  value       = sort(keys(azurerm_security_center_subscription_pricing.this))
}
