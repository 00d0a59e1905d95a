variable "name" {
  type        = string
  description = "Name of the record."
}

variable "tags" {
  type        = map(string)
  description = "Tags of the record (the project's mandatory tags)."
}

variable "settings" {
  type        = any
  description = "What the record describes."
}
