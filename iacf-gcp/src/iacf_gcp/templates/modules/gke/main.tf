# A private, VPC-native GKE Standard cluster: private nodes (and a private endpoint when asked), control plane
# reachable only from the authorized ranges, Dataplane V2 with network policy, Workload Identity, Binary
# Authorization, secrets encrypted at the application layer with a customer-managed key, shielded COS nodes in a
# separately managed node pool running as a dedicated least-privilege service account.

# the nodes' own identity: writes logs, metrics and resource metadata, nothing else (never the Compute Engine
# default service account, which holds Editor: CIS GCP 4.1)
resource "google_service_account" "nodes" {
  # 6-30 characters: a long cluster name is shortened
  account_id   = length("${var.name}-nodes") <= 30 ? "${var.name}-nodes" : "${trimsuffix(substr(var.name, 0, 28), "-")}-n"
  display_name = "GKE nodes of ${var.name}"
  description  = "Identity of the nodes of ${var.name}: log, metric and metadata writer only"
}

resource "google_project_iam_member" "nodes" {
  for_each = toset(var.node_roles)

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nodes.email}"
}

# the identity applying this configuration must attach the node service account to the node pool
resource "google_service_account_iam_member" "deployer" {
  count = var.deployer_member == null ? 0 : 1

  service_account_id = google_service_account.nodes.name
  role               = "roles/iam.serviceAccountUser"
  member             = var.deployer_member
}

resource "google_container_cluster" "this" {
  #checkov:skip=CKV_GCP_65:Google Groups for RBAC needs the organization's Cloud Identity group gke-security-groups@DOMAIN, which the stack cannot know: set rbac_security_group to turn it on; RBAC binds IAM principals meanwhile (DECISIONS.md)
  name        = var.name
  description = var.description
  location    = var.location

  network         = var.network
  subnetwork      = var.subnetwork
  networking_mode = "VPC_NATIVE"

  # the default pool is deleted once the cluster exists: nodes live in the managed pool below
  remove_default_node_pool = true
  initial_node_count       = 1

  deletion_protection = var.deletion_protection
  resource_labels     = var.labels

  release_channel {
    channel = var.release_channel
  }

  ip_allocation_policy {
    cluster_secondary_range_name  = var.pods_range_name
    services_secondary_range_name = var.services_range_name
  }

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = var.private_endpoint

    master_global_access_config {
      enabled = false
    }
  }

  master_authorized_networks_config {
    gcp_public_cidrs_access_enabled = false

    dynamic "cidr_blocks" {
      for_each = var.authorized_networks
      content {
        cidr_block   = cidr_blocks.value
        display_name = cidr_blocks.key
      }
    }
  }

  # Dataplane V2 (eBPF) enforces Kubernetes network policies itself: the Calico add-on stays off
  datapath_provider           = "ADVANCED_DATAPATH"
  enable_intranode_visibility = true

  network_policy {
    enabled  = false
    provider = "PROVIDER_UNSPECIFIED"
  }

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  binary_authorization {
    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
  }

  # Kubernetes Secrets encrypted in etcd with the customer-managed key
  database_encryption {
    state    = "ENCRYPTED"
    key_name = var.kms_key
  }

  enable_shielded_nodes = true
  enable_legacy_abac    = false

  # Kubernetes RBAC bindings may name the members of Google Groups nested in this group
  dynamic "authenticator_groups_config" {
    for_each = var.rbac_security_group == null ? [] : [var.rbac_security_group]
    content {
      security_group = authenticator_groups_config.value
    }
  }

  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }

  security_posture_config {
    mode               = "BASIC"
    vulnerability_mode = "VULNERABILITY_BASIC"
  }

  logging_config {
    enable_components = ["SYSTEM_COMPONENTS", "WORKLOADS"]
  }

  monitoring_config {
    enable_components = ["SYSTEM_COMPONENTS"]

    managed_prometheus {
      enabled = true
    }
  }

  addons_config {
    http_load_balancing {
      disabled = false
    }

    horizontal_pod_autoscaling {
      disabled = false
    }
  }

  maintenance_policy {
    recurring_window {
      start_time = "2025-01-04T02:00:00Z"
      end_time   = "2025-01-04T08:00:00Z"
      recurrence = "FREQ=WEEKLY;BYDAY=SA,SU"
    }
  }

  # the default pool's settings: hardened too, for the minutes it exists
  node_config {
    service_account   = google_service_account.nodes.email
    oauth_scopes      = ["https://www.googleapis.com/auth/cloud-platform"]
    image_type        = "COS_CONTAINERD"
    boot_disk_kms_key = var.boot_disk_kms_key
    resource_labels   = var.labels

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    metadata = {
      disable-legacy-endpoints = "true"
    }
  }

  lifecycle {
    ignore_changes = [node_config]
  }

  depends_on = [google_project_iam_member.nodes]
}

resource "google_container_node_pool" "this" {
  name     = "${var.name}-pool"
  cluster  = google_container_cluster.this.id
  location = var.location

  autoscaling {
    min_node_count = var.min_nodes
    max_node_count = var.max_nodes
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  upgrade_settings {
    strategy        = "SURGE"
    max_surge       = 1
    max_unavailable = 0
  }

  node_config {
    machine_type      = var.machine_type
    disk_size_gb      = var.disk_size_gb
    disk_type         = "pd-balanced"
    boot_disk_kms_key = var.boot_disk_kms_key
    image_type        = "COS_CONTAINERD"
    service_account   = google_service_account.nodes.email
    oauth_scopes      = ["https://www.googleapis.com/auth/cloud-platform"]
    tags              = [var.node_tag]
    resource_labels   = var.labels

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    metadata = {
      disable-legacy-endpoints = "true"
    }

    kubelet_config {
      insecure_kubelet_readonly_port_enabled = "FALSE"
    }
  }
}

# Node, pod and service traffic inside the cluster (and to the control plane's private endpoint in the subnet),
# over the network's deny-all egress rule. GKE creates the matching ingress rules itself.
resource "google_compute_firewall" "intra_cluster" {
  name               = "${var.name}-egress-intra-cluster"
  description        = "Nodes and pods of ${var.name} to the cluster's node, pod and service ranges"
  network            = var.network
  direction          = "EGRESS"
  priority           = 1000
  target_tags        = [var.node_tag]
  destination_ranges = var.cluster_ranges

  allow {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}
