# The basic example, offline: the azurerm provider is mocked, so no account or credentials are needed.
# The module's security defaults are asserted by defaults.tftest.hcl; this run proves the example plans as
# written. Plan only: the server and its database carry prevent_destroy, which the end-of-test destroy of an
# apply would refuse (their id and fqdn are known after apply only).
mock_provider "azurerm" {}

run "basic_example_plans" {
  command = plan

  module {
    source = "./examples/basic"
  }

  assert {
    condition     = output.database_name == "app"
    error_message = "the example must expose database_name"
  }
}
