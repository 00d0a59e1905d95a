# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  name          = "demo-dev"
  region        = "europe-west9"
  cidr          = "10.10.0.0/20"
  flow_sampling = 0.5
  egress = {
    app-db   = { description = "app to database", target_tags = ["app"], ports = ["5432"], to_private_services = true }
    app-apis = { description = "app to Google APIs", target_tags = ["app"], ports = ["443"], to_google_apis = true }
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

  assert {
    condition     = google_compute_firewall.egress["app-apis"].destination_ranges == toset(["199.36.153.8/30"])
    error_message = "Google APIs are reached on private.googleapis.com's range only"
  }

  assert {
    condition     = length(google_compute_router_nat.this) == 0 && length(google_compute_router.this) == 0
    error_message = "no Cloud NAT unless asked: no route to the internet"
  }

  assert {
    condition     = google_compute_route.private_google_apis.dest_range == "199.36.153.8/30"
    error_message = "the VPC routes private.googleapis.com itself"
  }

  assert {
    condition = alltrue([for k, z in google_dns_managed_zone.google_apis : z.visibility == "private"]) && toset([for z in google_dns_managed_zone.google_apis : z.dns_name]) == toset([
      "googleapis.com.", "pkg.dev.", "gcr.io.", "run.app.", "cloudfunctions.net."
    ])
    error_message = "private zones send the Google domains to private.googleapis.com"
  }

  assert {
    condition     = google_dns_record_set.google_apis["googleapis-com"].name == "private.googleapis.com." && google_dns_record_set.google_apis_aliases["googleapis-com"].rrdatas == tolist(["private.googleapis.com."])
    error_message = "every googleapis.com name is an alias of private.googleapis.com"
  }

  assert {
    condition     = google_dns_policy.logging.enable_logging
    error_message = "the VPC's DNS queries are logged"
  }
}

run "cloud_nat_only_when_asked" {
  command = apply

  variables {
    cloud_nat = true
    egress = {
      app-web = { description = "app to the internet", target_tags = ["app"], ports = ["443"], destination_ranges = ["0.0.0.0/0"] }
    }
  }

  assert {
    condition     = length(google_compute_router_nat.this) == 1 && google_compute_router_nat.this[0].log_config[0].enable
    error_message = "Cloud NAT exists when asked, and logs"
  }

  assert {
    condition     = google_compute_firewall.egress["app-web"].destination_ranges == toset(["0.0.0.0/0"]) && length(google_compute_firewall.egress["app-web"].log_config) == 1
    error_message = "the internet rule is the one asked, and logged"
  }
}

run "an_egress_entry_names_its_destination" {
  command = plan

  variables {
    egress = {
      app-nowhere = { description = "no destination", target_tags = ["app"], ports = ["443"] }
    }
  }

  expect_failures = [var.egress]
}

run "a_bad_cidr_is_refused" {
  command = plan

  variables {
    cidr = "10.0.0.0/33"
  }

  expect_failures = [var.cidr]
}
