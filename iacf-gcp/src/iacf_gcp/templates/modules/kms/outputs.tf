output "key_ring_id" {
  description = "ID of the key ring."
  value       = google_kms_key_ring.this.id
}

output "key_ids" {
  description = "Key name => key ID (projects/.../cryptoKeys/NAME), for CMEK arguments."
  value       = { for name, key in google_kms_crypto_key.this : name => key.id }
}
