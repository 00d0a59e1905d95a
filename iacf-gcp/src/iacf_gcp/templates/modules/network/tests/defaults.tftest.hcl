# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  name          = "demo-dev"
  region        = "europe-west9"
  cidr          = "10.10.0.0/20"
  flow_sampling = 0.5
  egress = {
    app-db = { description = "app to database", target_tags = ["app"], ports = ["5432"], to_private_services = true }
  }
}

run "deny_by_default_with_flow_logs" {
  command = apply

  assert {
    condition     = google_compute_network.this.auto_create_subnetworks == false
    error_message = "custom-mode VPC"
  }

  assert {
    condition     = google_compute_subnetwork.this.private_ip_google_access && length(google_compute_subnetwork.this.log_config) == 1
    error_message = "subnet has Private Google Access and flow logs"
  }

  assert {
    condition     = google_compute_firewall.deny_all_ingress.priority == 65534 && google_compute_firewall.deny_all_egress.direction == "EGRESS"
    error_message = "everything is denied by default in both directions"
  }

  assert {
    condition     = toset(google_compute_firewall.egress["app-db"].allow[*].ports[0]) == toset(["5432"])
    error_message = "only the declared port is allowed"
  }
}

run "a_bad_cidr_is_refused" {
  command = plan

  variables {
    cidr = "10.0.0.0/33"
  }

  expect_failures = [var.cidr]
}
