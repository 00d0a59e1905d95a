# The basic example, offline: the google provider is mocked, so no account or credentials are needed.
# The module's security defaults are asserted by defaults.tftest.hcl; this run proves the example
# plans as written. A plan, not an apply: the key ring and its keys are `prevent_destroy`, so the
# test could not destroy what an apply created.
mock_provider "google" {}

run "basic_example_plans" {
  command = plan

  module {
    source = "./examples/basic"
  }

  assert {
    condition     = join(",", sort(keys(output.key_ids))) == "data,logs"
    error_message = "the example must create one key per entry of keys"
  }
}
