"""The AWS plugin passes the cloud plugin contract every cloud package passes (iacf_core.testing)."""

from __future__ import annotations

import pytest

from iacf_core.testing import CloudPluginContract


@pytest.mark.terraform
class TestAwsContract(CloudPluginContract):
    cloud = "aws"
    # together: every AWS kind, internal ones included (backup needs prod data stores)
    samples = {
        "web-prod": "App web Django avec PostgreSQL en prod sur AWS",
        "serverless": ("Une API serverless avec un worker qui consomme une file SQS, une tâche planifiée, un topic "
                       "SNS, une table DynamoDB et un bucket S3 en dev sur AWS"),
        "cache-site": ("An ElastiCache Redis cache with a Lambda function and a static website with CloudFront in "
                       "dev on AWS"),
    }
    bad_params = {
        "web_app": {"cpu": 3},
        "relational_database": {"engine": "oracle"},
        "function": {"memory_mb": 1},
        "queue": {"nonsense": 1},
        "cache": {"nodes": 0},
    }
