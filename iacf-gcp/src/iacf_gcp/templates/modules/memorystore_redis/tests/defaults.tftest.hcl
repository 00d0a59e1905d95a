# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  name           = "demo-prod-cache"
  region         = "europe-west9"
  tier           = "STANDARD_HA"
  memory_size_gb = 5
  network        = "projects/demo/global/networks/demo-prod"
  kms_key        = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/cache"
}

run "private_authenticated_encrypted" {
  command = apply

  assert {
    condition     = google_redis_instance.this.auth_enabled && google_redis_instance.this.transit_encryption_mode == "SERVER_AUTHENTICATION"
    error_message = "AUTH and TLS in transit"
  }

  assert {
    condition     = google_redis_instance.this.connect_mode == "PRIVATE_SERVICE_ACCESS" && google_redis_instance.this.customer_managed_key == var.kms_key
    error_message = "private service access and CMEK"
  }

  assert {
    condition     = google_redis_instance.this.replica_count == 1 && google_redis_instance.this.persistence_config[0].persistence_mode == "RDB"
    error_message = "a replica and snapshots in the standard tier"
  }
}

run "basic_tier_has_no_replica" {
  command = apply

  variables {
    tier      = "BASIC"
    snapshots = false
  }

  assert {
    condition     = google_redis_instance.this.read_replicas_mode == "READ_REPLICAS_DISABLED" && google_redis_instance.this.persistence_config[0].persistence_mode == "DISABLED"
    error_message = "one node, no snapshots"
  }
}

run "unknown_tier_is_refused" {
  command = plan

  variables {
    tier = "PREMIUM"
  }

  expect_failures = [var.tier]
}
