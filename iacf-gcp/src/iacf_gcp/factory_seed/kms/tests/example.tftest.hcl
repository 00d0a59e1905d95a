# The basic example, offline: the google provider is mocked, so no account or credentials are needed.
# The module's security defaults are asserted by defaults.tftest.hcl; this run proves the example plans as
# written. Plan only: the keys carry prevent_destroy, which the end-of-test destroy of an apply would refuse
# (their IDs are known after apply only; the names are known at plan).
mock_provider "google" {}

run "basic_example_plans" {
  command = plan

  module {
    source = "./examples/basic"
  }

  assert {
    condition     = toset(keys(output.key_ids)) == toset(["data", "logs"])
    error_message = "the example must expose one key ID per key"
  }
}
