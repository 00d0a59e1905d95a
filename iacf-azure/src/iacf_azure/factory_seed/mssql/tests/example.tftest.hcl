# The basic example, offline: the azurerm provider is mocked, so no account or credentials are needed.
# The module's security defaults are asserted by defaults.tftest.hcl; this run proves the example
# plans as written. A plan, not an apply: the server and the database are `prevent_destroy`, so the
# test could not destroy what an apply created.
mock_provider "azurerm" {}

run "basic_example_plans" {
  command = plan

  module {
    source = "./examples/basic"
  }

  assert {
    condition     = output.database_name == "app"
    error_message = "the example must create the module's default database, app"
  }
}
