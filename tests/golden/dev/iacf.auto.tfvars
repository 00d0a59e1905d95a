# Route 53 zone (ID) of the domain names in this account; null: you create the DNS records the outputs list.
dns_zone_id = null
# HTTPS for var.domain_name: set to true once ACM shows the certificate ISSUED (README, first deployment).
https_enabled = false
