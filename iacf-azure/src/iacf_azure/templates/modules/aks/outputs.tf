output "id" {
  description = "Cluster id."
  value       = azurerm_kubernetes_cluster.this.id
}

output "name" {
  description = "Cluster name."
  value       = azurerm_kubernetes_cluster.this.name
}

output "private_fqdn" {
  description = "Private FQDN of the API server (resolves inside the network only)."
  value       = azurerm_kubernetes_cluster.this.private_fqdn
}

output "oidc_issuer_url" {
  description = "OIDC issuer of the cluster: the issuer of the workloads' federated identity credentials."
  value       = azurerm_kubernetes_cluster.this.oidc_issuer_url
}

output "kubelet_principal_id" {
  description = "Object id of the kubelet identity (AcrPull on the registry)."
  value       = azurerm_user_assigned_identity.kubelet.principal_id
}

output "registry_login_server" {
  description = "Login server of the cluster's private registry."
  value       = azurerm_container_registry.this.login_server
}

output "registry_id" {
  description = "Registry id: the scope of the CI identity's AcrPush."
  value       = azurerm_container_registry.this.id
}
