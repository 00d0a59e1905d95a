# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  name                  = "demo-prod-web"
  region                = "europe-west9"
  cloud_run_service     = "demo-prod-web"
  domains               = ["app.example.com"]
  rate_limit_per_minute = 3000
}

run "cloud_armor_and_tls_in_front" {
  command = apply

  assert {
    condition     = google_compute_backend_service.this.security_policy == google_compute_security_policy.this.id
    error_message = "the backend is protected by the Cloud Armor policy"
  }

  assert {
    condition     = length([for r in google_compute_security_policy.this.rule : r if r.action == "rate_based_ban"]) == 1
    error_message = "a rate-based ban rule exists"
  }

  assert {
    condition     = length([for r in google_compute_security_policy.this.rule : r if r.action == "deny(403)"]) == 10
    error_message = "nine OWASP rule sets and the CVE canary block"
  }

  assert {
    condition     = google_compute_ssl_policy.this.min_tls_version == "TLS_1_2" && google_compute_ssl_policy.this.profile == "MODERN"
    error_message = "TLS 1.2+ with modern ciphers"
  }
}

run "a_bad_domain_is_refused" {
  command = plan

  variables {
    domains = ["Not A Domain"]
  }

  expect_failures = [var.domains]
}
