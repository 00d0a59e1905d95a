# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  project_id                  = "demo"
  name                        = "demo-prod-fn"
  region                      = "europe-west9"
  runtime                     = "python313"
  entry_point                 = "handler"
  source_bucket               = "demo-prod-fn-source-123"
  source_object               = "fn/abc123.zip"
  service_account_email       = "demo-prod-fn@demo.iam.gserviceaccount.com"
  build_service_account_email = "demo-prod-fn-build@demo.iam.gserviceaccount.com"
  kms_key                     = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/functions"
  artifacts_kms_key           = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/artifacts"
  network                     = "projects/demo/global/networks/demo-prod"
  subnetwork                  = "projects/demo/regions/europe-west9/subnetworks/demo-prod"
  network_tags                = ["demo-prod-fn"]
  invokers                    = { app = "demo-prod-app@demo.iam.gserviceaccount.com" }
}

run "internal_encrypted_own_identities" {
  command = apply

  assert {
    condition     = google_cloudfunctions2_function.this.service_config[0].ingress_settings == "ALLOW_INTERNAL_ONLY"
    error_message = "reachable from inside the VPC only"
  }

  assert {
    condition     = google_cloudfunctions2_function.this.service_config[0].direct_vpc_egress == "VPC_EGRESS_ALL_TRAFFIC"
    error_message = "all egress through the VPC"
  }

  assert {
    condition     = google_cloudfunctions2_function.this.kms_key_name == var.kms_key && google_artifact_registry_repository.this.kms_key_name == var.artifacts_kms_key
    error_message = "function and images encrypted with the customer-managed keys"
  }

  assert {
    condition     = google_cloudfunctions2_function.this.service_config[0].service_account_email == var.service_account_email && google_cloudfunctions2_function.this.build_config[0].service_account == "projects/demo/serviceAccounts/demo-prod-fn-build@demo.iam.gserviceaccount.com"
    error_message = "dedicated runtime and build identities"
  }

  assert {
    condition     = google_cloud_run_v2_service_iam_member.invoker["app"].role == "roles/run.invoker"
    error_message = "the invoker is granted on this function's service only"
  }

  assert {
    condition     = length(google_cloudfunctions2_function.this.event_trigger) == 0 && length(google_cloud_run_v2_service_iam_member.trigger) == 0
    error_message = "without pubsub_trigger the function is an HTTP function, with no trigger identity"
  }
}

run "pubsub_trigger_pushes_as_its_own_identity" {
  command = apply

  variables {
    pubsub_trigger = {
      topic                 = "projects/demo/topics/demo-prod-jobs"
      service_account_email = "demo-prod-fn-event@demo.iam.gserviceaccount.com"
    }
  }

  assert {
    condition     = google_cloudfunctions2_function.this.event_trigger[0].event_type == "google.cloud.pubsub.topic.v1.messagePublished" && google_cloudfunctions2_function.this.event_trigger[0].pubsub_topic == "projects/demo/topics/demo-prod-jobs"
    error_message = "each message of the topic triggers the function"
  }

  assert {
    condition     = google_cloudfunctions2_function.this.event_trigger[0].retry_policy == "RETRY_POLICY_RETRY" && google_cloudfunctions2_function.this.event_trigger[0].trigger_region == var.region
    error_message = "failed deliveries are retried, by a trigger in the function's region"
  }

  assert {
    condition     = google_cloudfunctions2_function.this.event_trigger[0].service_account_email == "demo-prod-fn-event@demo.iam.gserviceaccount.com" && google_cloudfunctions2_function.this.service_config[0].service_account_email == var.service_account_email
    error_message = "the pushes use the trigger's identity, never the runtime one"
  }

  assert {
    condition     = google_cloud_run_v2_service_iam_member.trigger[0].role == "roles/run.invoker" && google_cloud_run_v2_service_iam_member.trigger[0].member == "serviceAccount:demo-prod-fn-event@demo.iam.gserviceaccount.com" && google_cloud_run_v2_service_iam_member.trigger[0].name == google_cloudfunctions2_function.this.service_config[0].service
    error_message = "the trigger's identity may invoke this function's service only"
  }

  assert {
    condition     = google_cloudfunctions2_function.this.service_config[0].ingress_settings == "ALLOW_INTERNAL_ONLY"
    error_message = "Eventarc's pushes are internal: ingress stays internal only"
  }
}

run "storage_trigger_delivers_new_objects_as_its_own_identity" {
  command = apply

  variables {
    storage_trigger = {
      bucket                = "demo-prod-uploads-123"
      location              = "europe-west9"
      service_account_email = "demo-prod-fn-event@demo.iam.gserviceaccount.com"
    }
  }

  assert {
    condition     = google_cloudfunctions2_function.this.event_trigger[0].event_type == "google.cloud.storage.object.v1.finalized" && one(google_cloudfunctions2_function.this.event_trigger[0].event_filters[*].attribute) == "bucket" && one(google_cloudfunctions2_function.this.event_trigger[0].event_filters[*].value) == "demo-prod-uploads-123"
    error_message = "each new object of the bucket triggers the function"
  }

  assert {
    condition     = google_cloudfunctions2_function.this.event_trigger[0].retry_policy == "RETRY_POLICY_RETRY" && google_cloudfunctions2_function.this.event_trigger[0].trigger_region == "europe-west9"
    error_message = "failed deliveries are retried, by a trigger in the bucket's location"
  }

  assert {
    condition     = google_cloudfunctions2_function.this.event_trigger[0].service_account_email == "demo-prod-fn-event@demo.iam.gserviceaccount.com" && google_cloud_run_v2_service_iam_member.trigger[0].member == "serviceAccount:demo-prod-fn-event@demo.iam.gserviceaccount.com" && google_cloud_run_v2_service_iam_member.trigger[0].role == "roles/run.invoker"
    error_message = "the events use the trigger's identity, which may invoke this function's service only"
  }
}

run "event_timeout_above_540_seconds_is_refused" {
  command = plan

  variables {
    timeout_seconds = 900
    pubsub_trigger = {
      topic                 = "projects/demo/topics/demo-prod-jobs"
      service_account_email = "demo-prod-fn-event@demo.iam.gserviceaccount.com"
    }
  }

  expect_failures = [google_cloudfunctions2_function.this]
}

run "public_ingress_is_refused" {
  command = plan

  variables {
    ingress_settings = "ALLOW_ALL"
  }

  expect_failures = [var.ingress_settings]
}
