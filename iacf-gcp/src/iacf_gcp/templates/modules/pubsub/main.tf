# A Pub/Sub topic and its pull subscription, with a dead-letter topic whose own subscription keeps what could not
# be delivered. Every topic is encrypted with the customer-managed key and stored in the stack's region only;
# publishers are granted on the topic, consumers on the subscription, and nothing on the project. Without
# pull_subscription (its messages trigger functions, through Eventarc's own subscriptions), nobody pulls: the
# pull subscription is not created, and the dead-letter topic serves those subscriptions.

resource "google_pubsub_topic" "this" {
  name                       = var.name
  kms_key_name               = var.kms_key
  message_retention_duration = "${var.message_retention_days * 86400}s"
  labels                     = var.labels

  message_storage_policy {
    allowed_persistence_regions = [var.region]
    enforce_in_transit          = true
  }

  lifecycle {
    precondition {
      condition     = var.pull_subscription || length(var.consumers) == 0
      error_message = "consumers pull the subscription: they need pull_subscription = true."
    }
  }
}

resource "google_pubsub_topic" "dead_letter" {
  name                       = "${var.name}-dead-letter"
  kms_key_name               = var.kms_key
  message_retention_duration = "604800s"
  labels                     = var.labels

  message_storage_policy {
    allowed_persistence_regions = [var.region]
    enforce_in_transit          = true
  }
}

resource "google_pubsub_subscription" "this" {
  count = var.pull_subscription ? 1 : 0

  name                       = var.name
  topic                      = google_pubsub_topic.this.id
  ack_deadline_seconds       = var.ack_deadline_seconds
  message_retention_duration = "${var.message_retention_days * 86400}s"
  retain_acked_messages      = false
  labels                     = var.labels

  # a subscription nobody reads for a while must not disappear with its backlog
  expiration_policy {
    ttl = ""
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = var.max_delivery_attempts
  }
}

# what failed max_delivery_attempts times waits here 7 days for an operator
resource "google_pubsub_subscription" "dead_letter" {
  name                       = "${var.name}-dead-letter"
  topic                      = google_pubsub_topic.dead_letter.id
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  retain_acked_messages      = false
  labels                     = var.labels

  expiration_policy {
    ttl = ""
  }
}

# Pub/Sub's service agent moves undeliverable messages: it publishes to the dead-letter topic and acknowledges
# them on the subscription, and may do nothing else
resource "google_pubsub_topic_iam_member" "agent_dead_letter" {
  topic  = google_pubsub_topic.dead_letter.id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${var.pubsub_agent}"
}

resource "google_pubsub_subscription_iam_member" "agent_forward" {
  count = var.pull_subscription ? 1 : 0

  subscription = google_pubsub_subscription.this[0].id
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${var.pubsub_agent}"
}

resource "google_pubsub_topic_iam_member" "publisher" {
  for_each = var.publishers

  topic  = google_pubsub_topic.this.id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${each.value}"
}

resource "google_pubsub_subscription_iam_member" "consumer" {
  for_each = var.pull_subscription ? var.consumers : {}

  subscription = google_pubsub_subscription.this[0].id
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${each.value}"
}

# the pull subscription and its agent grant were single resources before pull_subscription: kept in place
moved {
  from = google_pubsub_subscription.this
  to   = google_pubsub_subscription.this[0]
}

moved {
  from = google_pubsub_subscription_iam_member.agent_forward
  to   = google_pubsub_subscription_iam_member.agent_forward[0]
}
