"""Validation gates: static checks (HCL, secrets), Terraform, Checkov, and the plugins' own checks."""
