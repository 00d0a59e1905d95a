"""The Google Cloud plugin passes the cloud plugin contract every cloud package passes (iacf_core.testing)."""

from __future__ import annotations

import pytest

from iacf_core.testing import CloudPluginContract


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
class TestGcpContract(CloudPluginContract):
    cloud = "gcp"
    # together: every Google Cloud kind, internal ones included
    samples = {
        "web-prod": "App web Django avec PostgreSQL en prod sur GCP",
        "web-dev": "A Flask web app with a MySQL database in dev on Google Cloud in Belgium",
        "storage-staging": "Un bucket GCS avec un cache Memorystore en staging sur GCP",
        "messaging-prod": "A Django web app with a Pub/Sub queue and a Pub/Sub topic in prod on GCP",
        "function-dev": "Une fonction Cloud Functions avec un bucket GCS et une base Firestore en dev sur GCP",
        "k8s-staging": "A private GKE cluster in staging on Google Cloud in Frankfurt",
        "workers-dev": "Une API serverless sur une fonction Cloud Functions, un worker Cloud Run qui consomme une "
                       "file Pub/Sub et une tâche planifiée chaque nuit en dev sur GCP",
        "site-dev": "A static website on Cloud CDN in dev on Google Cloud",
    }
    bad_params = {
        "web_app": {"cpu": "3"},
        "relational_database": {"engine": "mariadb"},
        "network": {"cidr": "192.168.0.0/16"},
        "object_storage": {"storage_class": "GLACIER"},
        "queue": {"ack_deadline_seconds": 5},
        "topic": {"max_delivery_attempts": 101},
        "function": {"runtime": "python3.13"},
        "nosql_table": {"partition_key": "id"},
        "cache": {"engine": "memcached"},
        "kubernetes_cluster": {"release_channel": "EXTENDED"},
        "worker": {"instances": 0},
        "scheduled_job": {"schedule": "at(2030-01-01T00:00:00)"},
        "http_api": {"rate_limit_per_minute": 10},
        "static_site": {"price_class": "PriceClass_100"},
    }
    offline_providers = ("google",)
