# A regional key ring and one customer-managed key per purpose, each rotated every 90 days, each usable only by
# the identities named for it (CIS GCP 1.9, 1.10).

resource "google_kms_key_ring" "this" {
  name     = var.name
  location = var.location
}

resource "google_kms_crypto_key" "this" {
  for_each = var.keys

  name            = each.key
  key_ring        = google_kms_key_ring.this.id
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = var.rotation_period

  version_template {
    algorithm        = "GOOGLE_SYMMETRIC_ENCRYPTION"
    protection_level = var.protection_level
  }

  # a destroyed key makes every copy of the data it protects unreadable: removing it takes a deliberate edit
  lifecycle {
    prevent_destroy = true
  }
}

locals {
  # one binding per (key, member): the service agents and workloads that encrypt and decrypt with each key
  grants = merge([
    for key, members in var.keys : {
      for member in members : "${key} ${member}" => { key = key, member = member }
    }
  ]...)
}

resource "google_kms_crypto_key_iam_member" "encrypter_decrypter" {
  for_each = local.grants

  crypto_key_id = google_kms_crypto_key.this[each.value.key].id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = each.value.member
}
