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
    condition     = output.name != null
    error_message = "the example must expose name"
  }

  assert {
    condition     = output.scheduler_job != null
    error_message = "the example must expose scheduler_job"
  }

  assert {
    condition     = output.secret_ids != null
    error_message = "the example must expose secret_ids"
  }
}
