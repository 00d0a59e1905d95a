# The basic example, offline: the google provider is mocked, so no account or credentials are needed.
# The module's security defaults are asserted by defaults.tftest.hcl; this run proves the example
# applies as written and exposes the module's outputs.
mock_provider "google" {}

run "basic_example_applies" {
  command = apply

  module {
    source = "./examples/basic"
  }

  assert {
    condition     = output.audit_log_bucket != null
    error_message = "the example must expose audit_log_bucket"
  }

  assert {
    condition     = output.security_findings_topic != null
    error_message = "the example must expose security_findings_topic"
  }
}
