# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  name                          = "demo-dev-job"
  service_account_email         = "demo-dev-job@demo.iam.gserviceaccount.com"
  invoker_service_account_email = "demo-dev-job-sched@demo.iam.gserviceaccount.com"
  region                        = "europe-west9"
  image                         = "europe-west9-docker.pkg.dev/demo/app/job:1.0.0"
  cpu                           = "1"
  memory                        = "512Mi"
  timeout_seconds               = 600
  max_retries                   = 1
  schedule                      = "0 3 * * *"
  time_zone                     = "Europe/Paris"
  network                       = "projects/demo/global/networks/demo-dev"
  subnetwork                    = "projects/demo/regions/europe-west9/subnetworks/demo-dev-europe-west9"
  network_tags                  = ["demo-dev-job"]
  secrets                       = ["API_TOKEN"]
  key_of_stored_values          = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/secrets"
  kms_key                       = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/containers"
  deletion_protection           = false
}

run "the_scheduler_starts_the_job_as_its_invoker" {
  command = apply

  assert {
    condition     = google_cloud_scheduler_job.this.schedule == "0 3 * * *" && google_cloud_scheduler_job.this.time_zone == "Europe/Paris"
    error_message = "the schedule and its time zone are the ones given"
  }

  assert {
    condition     = google_cloud_scheduler_job.this.http_target[0].oauth_token[0].service_account_email == var.invoker_service_account_email
    error_message = "the scheduler authenticates as the invoker service account"
  }

  assert {
    condition     = google_cloud_run_v2_job_iam_member.invoker.role == "roles/run.invoker" && google_cloud_run_v2_job_iam_member.invoker.member == "serviceAccount:${var.invoker_service_account_email}"
    error_message = "the invoker may run this job and holds nothing else here"
  }

  assert {
    condition     = google_cloud_run_v2_job.this.template[0].template[0].encryption_key == var.kms_key && google_cloud_run_v2_job.this.template[0].template[0].vpc_access[0].egress == "ALL_TRAFFIC"
    error_message = "the job is encrypted with the customer-managed key and sends all egress through the VPC"
  }

  assert {
    condition     = google_cloud_run_v2_job.this.template[0].template[0].timeout == "600s" && google_cloud_run_v2_job.this.template[0].template[0].max_retries == 1
    error_message = "the task timeout and retries are the ones given"
  }
}

run "a_schedule_is_unix_cron" {
  command = plan

  variables {
    schedule = "rate(1 day)"
  }

  expect_failures = [var.schedule]
}
