# A global external Application Load Balancer in front of one Cloud Run service: Google-managed certificate,
# TLS 1.2+ with the MODERN profile, HTTP redirected to HTTPS, request logs, and a Cloud Armor policy
# (preconfigured OWASP rules, per-client rate limiting, adaptive protection).

resource "google_compute_global_address" "this" {
  name       = "${var.name}-ip"
  ip_version = "IPV4"
}

resource "google_compute_region_network_endpoint_group" "this" {
  name                  = "${var.name}-neg"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = var.cloud_run_service
  }
}

resource "google_compute_security_policy" "this" {
  name        = "${var.name}-armor"
  description = "Cloud Armor policy of ${var.name}: OWASP preconfigured rules, rate limiting"
  type        = "CLOUD_ARMOR"

  adaptive_protection_config {
    layer_7_ddos_defense_config {
      enable = true
    }
  }

  advanced_options_config {
    json_parsing = "STANDARD"
    log_level    = "VERBOSE"
  }

  # preconfigured WAF rules (ModSecurity CRS 3.3), sensitivity 1: blocked with 403
  dynamic "rule" {
    for_each = var.waf_rules
    content {
      action      = "deny(403)"
      priority    = rule.value.priority
      description = "OWASP ${rule.key}"

      match {
        expr {
          expression = "evaluatePreconfiguredWaf('${rule.key}', {'sensitivity': 1})"
        }
      }
    }
  }

  # Log4Shell and other zero-day signatures (CVE canary)
  rule {
    action      = "deny(403)"
    priority    = 1900
    description = "CVE canary (Log4j and new critical CVEs)"

    match {
      expr {
        expression = "evaluatePreconfiguredExpr('cve-canary')"
      }
    }
  }

  # per-client rate limit: a client above the threshold gets 429 and is banned for five minutes
  rule {
    action      = "rate_based_ban"
    priority    = 2000
    description = "Rate limit per client IP"

    match {
      versioned_expr = "SRC_IPS_V1"

      config {
        src_ip_ranges = ["*"]
      }
    }

    rate_limit_options {
      conform_action   = "allow"
      exceed_action    = "deny(429)"
      enforce_on_key   = "IP"
      ban_duration_sec = 300

      rate_limit_threshold {
        count        = var.rate_limit_per_minute
        interval_sec = 60
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

resource "google_compute_backend_service" "this" {
  name                  = "${var.name}-backend"
  protocol              = "HTTPS"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  security_policy       = google_compute_security_policy.this.id

  backend {
    group = google_compute_region_network_endpoint_group.this.id
  }

  log_config {
    enable      = true
    sample_rate = 1.0
  }
}

resource "google_compute_url_map" "https" {
  name            = "${var.name}-https"
  default_service = google_compute_backend_service.this.id
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
