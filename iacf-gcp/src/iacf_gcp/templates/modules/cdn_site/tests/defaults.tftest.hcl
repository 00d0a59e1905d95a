# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  name       = "demo-prod-site"
  location   = "europe-west9"
  kms_key    = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/storage"
  domains    = ["www.example.com"]
  publishers = ["serviceAccount:deploy@demo.iam.gserviceaccount.com"]
}

run "public_site_private_logs" {
  command = apply

  assert {
    condition     = google_storage_bucket.site.uniform_bucket_level_access && google_storage_bucket.site.versioning[0].enabled
    error_message = "the site bucket uses uniform access and versioning"
  }

  assert {
    condition     = google_storage_bucket.access_logs.public_access_prevention == "enforced"
    error_message = "the log bucket is never public"
  }

  assert {
    condition     = google_storage_bucket_iam_member.public_read.member == "allUsers" && google_storage_bucket_iam_member.public_read.role == "roles/storage.objectViewer"
    error_message = "allUsers may only read the site's objects"
  }

  assert {
    condition     = google_storage_bucket_iam_member.publisher["serviceAccount:deploy@demo.iam.gserviceaccount.com"].role == "roles/storage.objectAdmin"
    error_message = "the publisher manages objects of the site bucket only"
  }
}

run "cdn_behind_an_edge_policy_and_tls" {
  command = apply

  assert {
    condition     = google_compute_backend_bucket.this.enable_cdn && google_compute_backend_bucket.this.edge_security_policy == google_compute_security_policy.edge.id
    error_message = "Cloud CDN is on and the edge policy protects the backend bucket"
  }

  assert {
    condition     = google_compute_security_policy.edge.type == "CLOUD_ARMOR_EDGE"
    error_message = "the policy is an edge security policy"
  }

  assert {
    condition     = google_compute_backend_bucket.this.cdn_policy[0].negative_caching && google_compute_backend_bucket.this.cdn_policy[0].cache_mode == "CACHE_ALL_STATIC"
    error_message = "static content cached, negative caching on"
  }

  assert {
    condition     = google_compute_ssl_policy.this.min_tls_version == "TLS_1_2" && google_compute_ssl_policy.this.profile == "MODERN"
    error_message = "TLS 1.2+ with modern ciphers"
  }

  assert {
    condition     = google_compute_url_map.redirect.default_url_redirect[0].https_redirect
    error_message = "HTTP redirects to HTTPS"
  }

  assert {
    condition     = length(google_compute_url_map.https.default_custom_error_response_policy) == 0
    error_message = "a multi-page site answers real 404s"
  }
}

run "spa_and_blocked_regions" {
  command = apply

  variables {
    spa             = true
    blocked_regions = ["KP", "IR"]
  }

  assert {
    condition     = google_compute_url_map.https.default_custom_error_response_policy[0].error_response_rule[0].override_response_code == 200
    error_message = "a single-page application serves its index for unknown paths"
  }

  assert {
    condition     = length([for r in google_compute_security_policy.edge.rule : r if r.action == "deny(403)"]) == 1
    error_message = "one rule blocks the regions"
  }
}

run "a_public_publisher_is_refused" {
  command = plan

  variables {
    publishers = ["allUsers"]
  }

  expect_failures = [var.publishers]
}
