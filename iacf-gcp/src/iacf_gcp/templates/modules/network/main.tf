# A custom-mode VPC: one regional subnet with flow logs and Private Google Access through private.googleapis.com
# (private DNS zones and a route: Google APIs without the internet), firewall rules that deny everything but what
# the stack declares, Private Service Access for managed services (Cloud SQL) reached on private IPs only, DNS query
# logs, and Cloud NAT only when a workload is allowed to reach the internet.

locals {
  # private.googleapis.com: most Google APIs and services, reached from the VPC without an external IP
  google_apis_range = "199.36.153.8/30"
  google_apis_ips   = ["199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11"]
  # zone key => the name every other name of the domain is an alias of (googleapis.com: private.googleapis.com)
  google_zones = {
    for domain in var.google_apis_domains : replace(domain, ".", "-") => {
      domain = "${domain}."
      target = domain == "googleapis.com" ? "private.googleapis.com." : "${domain}."
    }
  }
}

resource "google_compute_network" "this" {
  name                    = var.name
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"
}

resource "google_compute_subnetwork" "this" {
  name                     = "${var.name}-${var.region}"
  region                   = var.region
  network                  = google_compute_network.this.id
  ip_cidr_range            = var.cidr
  private_ip_google_access = true
  # no IPv6 range: Google APIs are reached over IPv4 Private Google Access

  # alias IP ranges (GKE pods and services)
  dynamic "secondary_ip_range" {
    for_each = var.secondary_ranges
    content {
      range_name    = secondary_ip_range.key
      ip_cidr_range = secondary_ip_range.value
    }
  }

  # VPC flow logs (CIS GCP 3.8)
  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = var.flow_sampling
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

# -- Google APIs through Private Google Access: the VPC's own route to private.googleapis.com (it holds even if the
# default route is removed) and private zones resolving the Google domains to it.
resource "google_compute_route" "private_google_apis" {
  name             = "${var.name}-private-google-apis"
  description      = "private.googleapis.com (Private Google Access): Google APIs without the internet"
  network          = google_compute_network.this.id
  dest_range       = local.google_apis_range
  next_hop_gateway = "default-internet-gateway"
  priority         = 900
}

resource "google_dns_managed_zone" "google_apis" {
  for_each = local.google_zones

  name        = "${var.name}-${each.key}"
  dns_name    = each.value.domain
  description = "${each.value.domain} to private.googleapis.com, for the VPC ${var.name} only"
  visibility  = "private"

  private_visibility_config {
    networks {
      network_url = google_compute_network.this.id
    }
  }
}

resource "google_dns_record_set" "google_apis" {
  for_each = local.google_zones

  managed_zone = google_dns_managed_zone.google_apis[each.key].name
  name         = each.value.target
  type         = "A"
  ttl          = 300
  rrdatas      = local.google_apis_ips
}

resource "google_dns_record_set" "google_apis_aliases" {
  for_each = local.google_zones

  managed_zone = google_dns_managed_zone.google_apis[each.key].name
  name         = "*.${each.value.domain}"
  type         = "CNAME"
  ttl          = 300
  rrdatas      = [each.value.target]
}

# Every DNS query of the VPC is logged (CIS GCP 2.12): the names workloads resolve, beside the firewall's logs.
resource "google_dns_policy" "logging" {
  name                      = "${var.name}-dns-logging"
  description               = "DNS query logging of the VPC ${var.name}"
  enable_logging            = true
  enable_inbound_forwarding = false

  networks {
    network_url = google_compute_network.this.id
  }
}

# -- Outbound internet, only when a workload is allowed it: errors and translations are logged.
resource "google_compute_router" "this" {
  count = var.cloud_nat ? 1 : 0

  name    = "${var.name}-router"
  region  = var.region
  network = google_compute_network.this.id
}

resource "google_compute_router_nat" "this" {
  count = var.cloud_nat ? 1 : 0

  name                               = "${var.name}-nat"
  router                             = google_compute_router.this[0].name
  region                             = var.region
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "LIST_OF_SUBNETWORKS"

  subnetwork {
    name                    = google_compute_subnetwork.this.id
    source_ip_ranges_to_nat = ["ALL_IP_RANGES"]
  }

  log_config {
    enable = true
    filter = "ALL"
  }
}

# -- Private Service Access: a reserved range peered with Google's service producer network.
resource "google_compute_global_address" "private_services" {
  name          = "${var.name}-private-services"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = var.private_services_prefix_length
  network       = google_compute_network.this.id
}

resource "google_service_networking_connection" "private_services" {
  network                 = google_compute_network.this.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services.name]
}

# -- Firewall: deny by default in both directions (the implied rules allow all egress), then only what the
# stack declares. Every rule logs its matches.
resource "google_compute_firewall" "deny_all_ingress" {
  name          = "${var.name}-deny-all-ingress"
  network       = google_compute_network.this.id
  direction     = "INGRESS"
  priority      = 65534
  source_ranges = ["0.0.0.0/0"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "deny_all_egress" {
  name               = "${var.name}-deny-all-egress"
  network            = google_compute_network.this.id
  direction          = "EGRESS"
  priority           = 65534
  destination_ranges = ["0.0.0.0/0"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "egress" {
  for_each = var.egress

  name        = "${var.name}-egress-${each.key}"
  description = each.value.description
  network     = google_compute_network.this.id
  direction   = "EGRESS"
  priority    = 1000
  target_tags = each.value.target_tags
  destination_ranges = each.value.to_private_services ? [
    "${google_compute_global_address.private_services.address}/${google_compute_global_address.private_services.prefix_length}"
  ] : each.value.to_google_apis ? [local.google_apis_range] : each.value.destination_ranges

  allow {
    protocol = "tcp"
    ports    = each.value.ports
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}
