# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  name                  = "demo-dev-web"
  service_account_email = "demo-dev-web@demo.iam.gserviceaccount.com"
  region                = "europe-west9"
  image                 = "europe-west9-docker.pkg.dev/demo/app/web:1.0.0"
  port                  = 8000
  health_check_path     = "/health/"
  cpu                   = "1"
  memory                = "512Mi"
  min_instances         = 0
  max_instances         = 2
  network               = "projects/demo/global/networks/demo-dev"
  subnetwork            = "projects/demo/regions/europe-west9/subnetworks/demo-dev-europe-west9"
  network_tags          = ["demo-dev-web"]
  secrets               = ["DJANGO_SECRET_KEY"]
  key_of_stored_values  = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/secrets"
  deletion_protection   = false
}

run "only_the_load_balancer_reaches_the_service" {
  command = apply

  assert {
    condition     = google_cloud_run_v2_service.this.ingress == "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" && google_cloud_run_v2_service.this.default_uri_disabled
    error_message = "ingress is internal and load balancer only"
  }

  assert {
    condition     = google_cloud_run_v2_service.this.template[0].vpc_access[0].egress == "ALL_TRAFFIC"
    error_message = "all egress goes through the VPC"
  }

  assert {
    condition     = length(google_secret_manager_secret_iam_member.accessor) == 1 && google_secret_manager_secret_iam_member.accessor["DJANGO_SECRET_KEY"].role == "roles/secretmanager.secretAccessor"
    error_message = "the service reads its secret and only that"
  }
}

run "the_service_runs_as_its_own_identity" {
  command = plan

  assert {
    condition     = google_cloud_run_v2_service.this.template[0].service_account == "demo-dev-web@demo.iam.gserviceaccount.com"
    error_message = "the service runs as the identity it is given"
  }
}
