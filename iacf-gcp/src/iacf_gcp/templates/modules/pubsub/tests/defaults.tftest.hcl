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
    condition     = google_pubsub_subscription.this[0].dead_letter_policy[0].max_delivery_attempts == 5 && google_pubsub_subscription.this[0].message_retention_duration == "604800s"
    error_message = "five attempts, then the dead-letter topic; seven days of retention"
  }

  assert {
    condition     = google_pubsub_topic_iam_member.publisher["app"].role == "roles/pubsub.publisher" && google_pubsub_subscription_iam_member.consumer["fn"].role == "roles/pubsub.subscriber"
    error_message = "publishers on the topic, consumers on the subscription"
  }
}

run "without_pull_subscription_nobody_pulls" {
  command = apply

  variables {
    pull_subscription = false
    consumers         = {}
  }

  assert {
    condition     = length(google_pubsub_subscription.this) == 0 && length(google_pubsub_subscription_iam_member.agent_forward) == 0 && output.subscription_id == null
    error_message = "no pull subscription nobody would read, and no grant on it"
  }

  assert {
    condition     = google_pubsub_subscription.dead_letter.topic == google_pubsub_topic.dead_letter.id && output.dead_letter_topic_id == google_pubsub_topic.dead_letter.id
    error_message = "the dead-letter topic and its subscription stay, for the triggers' subscriptions"
  }

  assert {
    condition     = google_pubsub_topic_iam_member.agent_dead_letter.role == "roles/pubsub.publisher"
    error_message = "Pub/Sub's agent may still move undeliverable messages to the dead-letter topic"
  }
}

run "consumers_without_pull_subscription_are_refused" {
  command = plan

  variables {
    pull_subscription = false
  }

  expect_failures = [google_pubsub_topic.this]
}

run "one_delivery_attempt_is_refused" {
  command = plan

  variables {
    max_delivery_attempts = 1
  }

  expect_failures = [var.max_delivery_attempts]
}
