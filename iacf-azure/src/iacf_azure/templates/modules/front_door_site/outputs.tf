output "endpoint_host_name" {
  description = "Default host name of the Front Door endpoint (HTTPS; the target of the custom domain's CNAME)."
  value       = azurerm_cdn_frontdoor_endpoint.this.host_name
}

output "storage_account_id" {
  description = "Id of the site's storage account: approve Front Door's pending private endpoint connection on it."
  value       = azurerm_storage_account.this.id
}

output "storage_account_name" {
  description = "Name of the site's storage account (upload the files to its $web container)."
  value       = azurerm_storage_account.this.name
}

output "web_container_scope" {
  description = "Resource id of the $web container: the scope of the publishing identity's Storage Blob Data Contributor role."
  value       = "${azurerm_storage_account.this.id}/blobServices/default/containers/$web"
}

output "custom_domain_validation_token" {
  description = "Value of the _dnsauth.<domain> TXT record proving the custom domain (empty without one)."
  value       = join("", [for d in azurerm_cdn_frontdoor_custom_domain.this : d.validation_token])
}

output "profile_id" {
  description = "Id of the Front Door profile."
  value       = azurerm_cdn_frontdoor_profile.this.id
}
