# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  name                  = "demo-dev-worker"
  service_account_email = "demo-dev-worker@demo.iam.gserviceaccount.com"
  region                = "europe-west9"
  image                 = "europe-west9-docker.pkg.dev/demo/app/worker:1.0.0"
  cpu                   = "1"
  memory                = "512Mi"
  instances             = 1
  network               = "projects/demo/global/networks/demo-dev"
  subnetwork            = "projects/demo/regions/europe-west9/subnetworks/demo-dev-europe-west9"
  network_tags          = ["demo-dev-worker"]
  secrets               = ["API_TOKEN"]
  key_of_stored_values  = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/secrets"
  kms_key               = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/containers"
  deletion_protection   = false
}

run "the_worker_is_private_encrypted_and_always_on" {
  command = apply

  assert {
    condition     = google_cloud_run_v2_worker_pool.this.template[0].vpc_access[0].egress == "ALL_TRAFFIC"
    error_message = "all egress goes through the VPC"
  }

  assert {
    condition     = google_cloud_run_v2_worker_pool.this.template[0].encryption_key == var.kms_key
    error_message = "the worker pool is encrypted with the customer-managed key"
  }

  assert {
    condition     = google_cloud_run_v2_worker_pool.this.scaling[0].manual_instance_count == 1
    error_message = "the worker keeps its instances running"
  }

  assert {
    condition     = length(google_secret_manager_secret_iam_member.accessor) == 1 && google_secret_manager_secret_iam_member.accessor["API_TOKEN"].role == "roles/secretmanager.secretAccessor"
    error_message = "the worker reads its secret and only that"
  }
}

run "a_worker_pool_runs_at_least_one_instance" {
  command = plan

  variables {
    instances = 0
  }

  expect_failures = [var.instances]
}
