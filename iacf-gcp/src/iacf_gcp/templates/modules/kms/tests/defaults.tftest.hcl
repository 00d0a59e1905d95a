# terraform test with a mocked google provider: no credentials, no API call.
# plan only: the keys carry prevent_destroy, which the end-of-test destroy of an apply would refuse.
mock_provider "google" {}

variables {
  name     = "demo-dev"
  location = "europe-west9"
  keys = {
    data = ["serviceAccount:app@demo.iam.gserviceaccount.com"]
    logs = ["serviceAccount:logs@demo.iam.gserviceaccount.com", "serviceAccount:other@demo.iam.gserviceaccount.com"]
  }
}

run "keys_rotate_every_90_days" {
  command = plan

  assert {
    condition     = alltrue([for k in google_kms_crypto_key.this : k.rotation_period == "7776000s"])
    error_message = "every key rotates every 90 days"
  }

  assert {
    condition     = length(google_kms_crypto_key_iam_member.encrypter_decrypter) == 3
    error_message = "one grant per key and member"
  }

  assert {
    condition     = alltrue([for g in google_kms_crypto_key_iam_member.encrypter_decrypter : g.role == "roles/cloudkms.cryptoKeyEncrypterDecrypter"])
    error_message = "members may only encrypt and decrypt"
  }
}

run "rotation_above_90_days_is_refused" {
  command = plan

  variables {
    rotation_period = "31536000s"
  }

  expect_failures = [var.rotation_period]
}
