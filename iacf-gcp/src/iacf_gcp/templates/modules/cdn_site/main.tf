# A static website published by Cloud CDN: the site's files in a Cloud Storage bucket served through a backend
# bucket behind a global external Application Load Balancer (Google-managed certificate, TLS 1.2+ MODERN, HTTP
# redirected to HTTPS) under a Cloud Armor edge security policy.
#
# A backend bucket reads only publicly readable objects (the private alternatives need a signed-URL key or an
# HMAC secret that would sit in the state): the site bucket is therefore the one bucket whose objects allUsers may
# read, and nothing else on it. Every other bucket keeps public access prevention enforced.

resource "google_storage_bucket" "access_logs" {
  #checkov:skip=CKV_GCP_62:This bucket receives the site bucket's usage logs; logging it into itself would loop
  name                        = "${var.name}-logs"
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = var.kms_key
  }

  lifecycle_rule {
    condition {
      age = var.access_log_days
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 1
    }
    action {
      type = "Delete"
    }
  }
}

# Cloud Storage's own logging identity writes the usage logs, and nothing else
resource "google_storage_bucket_iam_member" "access_logs_writer" {
  bucket = google_storage_bucket.access_logs.name
  role   = "roles/storage.objectCreator"
  member = "group:cloud-storage-analytics@google.com"
}

resource "google_storage_bucket" "site" {
  #checkov:skip=CKV_GCP_114:The site's files are served by a backend bucket, which reads public objects only; public access prevention stays enforced on every other bucket (gate gcp-public-buckets)
  name                        = var.name
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "inherited"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  website {
    main_page_suffix = var.index_document
    not_found_page   = var.error_document
  }

  versioning {
    enabled = true
  }

  soft_delete_policy {
    retention_duration_seconds = var.soft_delete_days * 86400
  }

  encryption {
    default_kms_key_name = var.kms_key
  }

  logging {
    log_bucket = google_storage_bucket.access_logs.name
  }

  # a published file replaced by a new release stays recoverable for a while, not forever
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.noncurrent_version_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age = 7
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }
}

# the one public grant: anyone may read the site's objects (what the CDN serves); nobody may list, write or
# change the bucket through it
resource "google_storage_bucket_iam_member" "public_read" {
  #checkov:skip=CKV_GCP_28:Objects of the static site must be publicly readable for the backend bucket to serve them; read-only, this bucket only
  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

# whoever publishes the site (CI identity, a connected workload) manages its objects, on this bucket only
resource "google_storage_bucket_iam_member" "publisher" {
  for_each = toset(var.publishers)

  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectAdmin"
  member = each.value
}

# Edge security policy: evaluated before the CDN cache, on every request (cache hits included). Edge policies
# take IP and region matches; preconfigured WAF rules and rate limiting belong to backend security policies,
# which only backend services carry.
resource "google_compute_security_policy" "edge" {
  #checkov:skip=CKV_GCP_73:An edge security policy cannot evaluate preconfigured expressions (the Log4j rule is backend-policy only), and a bucket of static files runs no Log4j
  name        = "${var.name}-edge"
  description = "Cloud Armor edge policy of ${var.name}: blocked addresses and regions"
  type        = "CLOUD_ARMOR_EDGE"

  dynamic "rule" {
    for_each = length(var.blocked_ip_ranges) > 0 ? [var.blocked_ip_ranges] : []
    content {
      action      = "deny(403)"
      priority    = 1000
      description = "Blocked address ranges"

      match {
        versioned_expr = "SRC_IPS_V1"

        config {
          src_ip_ranges = rule.value
        }
      }
    }
  }

  dynamic "rule" {
    for_each = length(var.blocked_regions) > 0 ? [var.blocked_regions] : []
    content {
      action      = "deny(403)"
      priority    = 1100
      description = "Blocked regions"

      match {
        expr {
          expression = join(" || ", [for r in rule.value : "origin.region_code == '${r}'"])
        }
      }
    }
  }

  rule {
    action      = "allow"
    priority    = 2147483647
    description = "Default: allow what no rule above stopped"

    match {
      versioned_expr = "SRC_IPS_V1"

      config {
        src_ip_ranges = ["*"]
      }
    }
  }
}

# load_balancing_scheme stays unset: its only value is INTERNAL_MANAGED (cross-region internal load balancers);
# unset, the backend bucket serves the global external Application Load Balancer
resource "google_compute_backend_bucket" "this" {
  name                 = "${var.name}-backend"
  description          = "Static site ${var.name}"
  bucket_name          = google_storage_bucket.site.name
  enable_cdn           = true
  compression_mode     = "AUTOMATIC"
  edge_security_policy = google_compute_security_policy.edge.id

  # no signed-URL key: the content is public by design, and such a key would be a secret in the state
  cdn_policy {
    cache_mode         = "CACHE_ALL_STATIC"
    default_ttl        = var.default_ttl
    max_ttl            = var.max_ttl
    client_ttl         = var.default_ttl
    serve_while_stale  = 86400
    request_coalescing = true
    negative_caching   = true

    # a missing file is cached briefly, so a burst of 404s does not reach the bucket
    negative_caching_policy {
      code = 404
      ttl  = 60
    }
  }

  custom_response_headers = [
    "Strict-Transport-Security: max-age=31536000; includeSubDomains",
    "X-Content-Type-Options: nosniff",
    "X-Frame-Options: DENY",
    "Referrer-Policy: strict-origin-when-cross-origin",
  ]
}

resource "google_compute_url_map" "https" {
  name            = "${var.name}-https"
  default_service = google_compute_backend_bucket.this.id

  # a single-page application answers its own routes: a missing path serves the index with status 200
  dynamic "default_custom_error_response_policy" {
    for_each = var.spa ? [var.index_document] : []
    content {
      error_service = google_compute_backend_bucket.this.id

      error_response_rule {
        match_response_codes   = ["404"]
        path                   = "/${default_custom_error_response_policy.value}"
        override_response_code = 200
      }
    }
  }
}

resource "google_compute_managed_ssl_certificate" "this" {
  name = "${var.name}-cert"

  managed {
    domains = var.domains
  }
}

# TLS 1.2 and later, MODERN ciphers only
resource "google_compute_ssl_policy" "this" {
  name            = "${var.name}-tls"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_global_address" "this" {
  name       = "${var.name}-ip"
  ip_version = "IPV4"
}

resource "google_compute_target_https_proxy" "this" {
  name             = "${var.name}-https"
  url_map          = google_compute_url_map.https.id
  ssl_certificates = [google_compute_managed_ssl_certificate.this.id]
  ssl_policy       = google_compute_ssl_policy.this.id
}

resource "google_compute_global_forwarding_rule" "https" {
  name                  = "${var.name}-https"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  ip_address            = google_compute_global_address.this.id
  port_range            = "443"
  target                = google_compute_target_https_proxy.this.id
}

# port 80 only redirects to HTTPS
resource "google_compute_url_map" "redirect" {
  name = "${var.name}-redirect"

  default_url_redirect {
    https_redirect         = true
    redirect_response_code = "MOVED_PERMANENTLY_DEFAULT"
    strip_query            = false
  }
}

resource "google_compute_target_http_proxy" "redirect" {
  name    = "${var.name}-redirect"
  url_map = google_compute_url_map.redirect.id
}

resource "google_compute_global_forwarding_rule" "http" {
  name                  = "${var.name}-http"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  ip_address            = google_compute_global_address.this.id
  port_range            = "80"
  target                = google_compute_target_http_proxy.redirect.id
}
