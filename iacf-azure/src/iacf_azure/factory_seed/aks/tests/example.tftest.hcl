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
    condition     = output.name == "aks-example-prod"
    error_message = "the example must expose name, the name it gave the cluster"
  }

  assert {
    condition     = output.id != null
    error_message = "the example must expose id"
  }

  assert {
    condition     = output.private_fqdn != null
    error_message = "the example must expose private_fqdn"
  }

  assert {
    condition     = output.registry_login_server != null
    error_message = "the example must expose registry_login_server"
  }
}
