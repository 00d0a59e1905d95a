# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  name         = "demo-prod-orders"
  region       = "europe-west9"
  kms_key      = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/messages"
  pubsub_agent = "service-123@gcp-sa-pubsub.iam.gserviceaccount.com"
  publishers   = { app = "demo-prod-app@demo.iam.gserviceaccount.com" }
  consumers    = { fn = "demo-prod-fn@demo.iam.gserviceaccount.com" }
}

run "encrypted_regional_with_dead_letter" {
  command = apply

  assert {
    condition     = google_pubsub_topic.this.kms_key_name == var.kms_key && google_pubsub_topic.dead_letter.kms_key_name == var.kms_key
    error_message = "both topics use the customer-managed key"
  }

  assert {
    condition     = length(google_pubsub_topic.this.message_storage_policy[0].allowed_persistence_regions) == 1 && contains(google_pubsub_topic.this.message_storage_policy[0].allowed_persistence_regions, "europe-west9")
    error_message = "messages stay in the region"
  }

  assert {
    condition     = google_pubsub_subscription.this.dead_letter_policy[0].max_delivery_attempts == 5 && google_pubsub_subscription.this.message_retention_duration == "604800s"
    error_message = "five attempts, then the dead-letter topic; seven days of retention"
  }

  assert {
    condition     = google_pubsub_topic_iam_member.publisher["app"].role == "roles/pubsub.publisher" && google_pubsub_subscription_iam_member.consumer["fn"].role == "roles/pubsub.subscriber"
    error_message = "publishers on the topic, consumers on the subscription"
  }
}

run "one_delivery_attempt_is_refused" {
  command = plan

  variables {
    max_delivery_attempts = 1
  }

  expect_failures = [var.max_delivery_attempts]
}
