# A Memorystore for Redis instance on a private IP (Private Service Access): AUTH required, TLS in transit, CMEK,
# standard tier with a replica and RDB snapshots where asked, maintenance in a fixed weekly window.

resource "google_redis_instance" "this" {
  name                    = var.name
  display_name            = var.name
  region                  = var.region
  tier                    = var.tier
  memory_size_gb          = var.memory_size_gb
  redis_version           = var.redis_version
  authorized_network      = var.network
  connect_mode            = "PRIVATE_SERVICE_ACCESS"
  auth_enabled            = true
  transit_encryption_mode = "SERVER_AUTHENTICATION"
  customer_managed_key    = var.kms_key
  replica_count           = var.tier == "STANDARD_HA" ? var.replica_count : null
  read_replicas_mode      = var.tier == "STANDARD_HA" ? "READ_REPLICAS_ENABLED" : "READ_REPLICAS_DISABLED"
  labels                  = var.labels

  redis_configs = {
    maxmemory-policy = "allkeys-lru"
  }

  persistence_config {
    persistence_mode    = var.snapshots ? "RDB" : "DISABLED"
    rdb_snapshot_period = var.snapshots ? "TWELVE_HOURS" : null
  }

  maintenance_policy {
    weekly_maintenance_window {
      day = "SUNDAY"
      start_time {
        hours   = 3
        minutes = 0
      }
    }
  }
}
