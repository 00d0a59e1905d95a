output "topic_id" {
  description = "ID of the topic (projects/PROJECT/topics/NAME)."
  value       = google_pubsub_topic.this.id
}

output "subscription_id" {
  description = "ID of the pull subscription; null without pull_subscription."
  value       = one(google_pubsub_subscription.this[*].id)
}

output "dead_letter_topic_id" {
  description = "ID of the dead-letter topic (attach it to the subscriptions of the Eventarc triggers on the topic)."
  value       = google_pubsub_topic.dead_letter.id
}

output "dead_letter_subscription_id" {
  description = "ID of the subscription holding undeliverable messages."
  value       = google_pubsub_subscription.dead_letter.id
}
