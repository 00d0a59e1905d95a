"""iacf-gcp: the Google Cloud plugin of IaC Factory (hashicorp/google 7.x)."""

__version__ = "0.1.0"
