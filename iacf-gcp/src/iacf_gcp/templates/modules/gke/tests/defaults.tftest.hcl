# terraform test with a mocked google provider: no credentials, no API call.
mock_provider "google" {}

variables {
  labels              = { project = "demo", environment = "prod", managed_by = "terraform" }
  project_id          = "demo-project"
  name                = "demo-prod-k8s"
  location            = "europe-west9"
  network             = "projects/demo/global/networks/demo-prod"
  subnetwork          = "projects/demo/regions/europe-west9/subnetworks/demo-prod-europe-west9"
  pods_range_name     = "k8s-pods"
  services_range_name = "k8s-services"
  cluster_ranges      = ["10.0.0.0/20", "100.64.0.0/14", "100.96.0.0/20"]
  authorized_networks = { subnet = "10.0.0.0/20" }
  machine_type        = "e2-standard-4"
  min_nodes           = 1
  max_nodes           = 5
  node_tag            = "demo-prod-k8s"
  kms_key             = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/cluster"
  boot_disk_kms_key   = "projects/demo/locations/europe-west9/keyRings/demo/cryptoKeys/disks"
}

run "private_hardened_cluster" {
  command = apply

  assert {
    condition     = google_container_cluster.this.private_cluster_config[0].enable_private_nodes && google_container_cluster.this.private_cluster_config[0].enable_private_endpoint
    error_message = "private nodes and a private endpoint"
  }

  assert {
    condition     = google_container_cluster.this.datapath_provider == "ADVANCED_DATAPATH" && google_container_cluster.this.binary_authorization[0].evaluation_mode == "PROJECT_SINGLETON_POLICY_ENFORCE"
    error_message = "Dataplane V2 and Binary Authorization enforced"
  }

  assert {
    condition     = google_container_cluster.this.database_encryption[0].state == "ENCRYPTED" && google_container_cluster.this.database_encryption[0].key_name == var.kms_key
    error_message = "Secrets encrypted with the customer-managed key"
  }

  assert {
    condition     = google_container_cluster.this.workload_identity_config[0].workload_pool == "demo-project.svc.id.goog" && google_container_cluster.this.remove_default_node_pool
    error_message = "Workload Identity, default pool removed"
  }

  assert {
    condition     = google_container_node_pool.this.node_config[0].workload_metadata_config[0].mode == "GKE_METADATA" && google_container_node_pool.this.node_config[0].shielded_instance_config[0].enable_secure_boot && google_container_node_pool.this.node_config[0].image_type == "COS_CONTAINERD"
    error_message = "shielded COS nodes behind the GKE metadata server"
  }

  assert {
    condition     = google_container_node_pool.this.management[0].auto_repair && google_container_node_pool.this.management[0].auto_upgrade && google_container_node_pool.this.autoscaling[0].max_node_count == 5
    error_message = "auto-repair, auto-upgrade and autoscaling"
  }

  assert {
    condition     = toset(keys(google_project_iam_member.nodes)) == toset(["roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/stackdriver.resourceMetadata.writer"])
    error_message = "the node service account writes logs, metrics and metadata only"
  }

  assert {
    condition     = google_service_account.nodes.account_id == "demo-prod-k8s-nodes"
    error_message = "the node service account is named after the cluster"
  }
}

run "a_long_name_keeps_a_valid_service_account" {
  command = plan

  variables {
    name = "averylongproject-staging-cluster"
  }

  assert {
    condition     = length(google_service_account.nodes.account_id) <= 30
    error_message = "service account ids are 30 characters at most"
  }
}

run "an_open_control_plane_is_refused" {
  command = plan

  variables {
    authorized_networks = { anywhere = "0.0.0.0/0" }
  }

  expect_failures = [var.authorized_networks]
}

run "a_basic_role_is_refused" {
  command = plan

  variables {
    node_roles = ["roles/editor"]
  }

  expect_failures = [var.node_roles]
}
