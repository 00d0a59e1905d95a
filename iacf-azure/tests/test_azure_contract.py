"""The Azure plugin passes the cloud plugin contract every cloud package passes (iacf_core.testing)."""

from __future__ import annotations

import pytest

from iacf_core.testing import CloudPluginContract

SEED = "App web Django avec PostgreSQL en prod sur Azure"
SEED_DEV = "Django web app with PostgreSQL in dev on Microsoft Azure, Amsterdam"


@pytest.mark.terraform
@pytest.mark.xdist_group("azure-contract")
class TestAzureContract(CloudPluginContract):
    cloud = "azure"
    # together: every Azure kind, internal ones included (the seed pair holds them all)
    samples = {
        "web-prod": SEED, "web-dev": SEED_DEV,
        "mysql-staging": {"project": "shop", "cloud": "azure", "environment": "staging", "region": "westeurope",
                          "components": [{"kind": "web_app", "params": {"framework": "rails"}},
                                         {"kind": "relational_database", "params": {"engine": "mysql"}},
                                         {"kind": "object_storage", "params": {"soft_delete_days": 14}}]},
        "function-dev": "Une Function App avec PostgreSQL en dev sur Azure",
        "nosql-prod": "Une app web Flask qui stocke les commandes dans Cosmos DB en prod sur Azure",
        "cache-dev": "A Flask web app with an Azure Cache for Redis in dev on Azure",
        "messaging-staging": "A Django web app that sends to the jobs Service Bus queue and publishes to the events "
                             "Service Bus topic, in staging on Azure",
        "site-staging": "A static website with Azure Front Door in staging on Azure",
        "api-dev": "An HTTP API with API Management for an Azure function in dev on Azure",
        "aks-staging": "Un cluster AKS avec Cilium en staging sur Azure",
        "sql-staging": {"project": "shop", "cloud": "azure", "environment": "staging",
                        "components": [{"kind": "function"},
                                       {"kind": "relational_database", "params": {"engine": "sqlserver"}}]},
        "container-apps-staging": "A Container Apps worker consuming the orders Service Bus queue and a Container "
                                  "Apps job every 15 minutes writing to blob storage, in staging on Azure",
    }
    bad_params = {
        "web_app": {"sku_name": "B1"},
        "relational_database": {"engine": "mariadb"},
        "object_storage": {"soft_delete_days": 1},
        "function": {"sku_name": "Y1"},
        "queue": {"lock_duration_seconds": 600},
        "topic": {"subscriptions": []},
        "nosql_table": {"max_throughput": 1500},
        "cache": {"engine": "memcached"},
        "static_site": {"rate_limit_per_minute": 1},
        "http_api": {"sku_name": "Consumption_0"},
        "kubernetes_cluster": {"vm_size": "Standard_D4s_v5"},
        "worker": {"cpu": 0.3},
        "scheduled_job": {"schedule_expression": "cron(0 3 * * ? *)"},
    }
    # no azurerm provider can be installed here: the schema gate runs against the published schema
    offline_providers = ("azurerm",)
