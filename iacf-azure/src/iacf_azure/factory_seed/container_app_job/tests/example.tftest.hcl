# The basic example, offline: the azurerm provider is mocked, so no account or credentials are needed.
# The module's security defaults are asserted by defaults.tftest.hcl; this run proves the example
# applies as written and exposes the module's outputs.
mock_provider "azurerm" {}

run "basic_example_applies" {
  command = apply

  module {
    source = "./examples/basic"
  }

  assert {
    condition     = output.id != null
    error_message = "the example must expose id"
  }

  assert {
    condition     = output.identity_principal_id != null
    error_message = "the example must expose identity_principal_id"
  }
}
