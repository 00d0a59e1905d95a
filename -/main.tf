resource "null_resource" "app" {}

resource "null_resource" "net" {}
