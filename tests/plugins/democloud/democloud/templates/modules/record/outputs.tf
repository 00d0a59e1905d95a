output "id" {
  description = "Identifier of the record."
  value       = terraform_data.this.id
}
