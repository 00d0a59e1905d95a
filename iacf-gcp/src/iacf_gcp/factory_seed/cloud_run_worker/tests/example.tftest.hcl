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
    condition     = output.name == "demo-dev-worker"
    error_message = "the example must expose name, the name it gave the module"
  }

  assert {
    condition     = output.secret_ids == { API_TOKEN = "demo-dev-worker-api-token" }
    error_message = "one Secret Manager secret per declared variable, named after the module (no value)"
  }
}
