# Notifications (budget alerts, security alarms, service events), from [notifications] in iacf.toml.
# prod: the plan stops until at least one address is set here.
notification_emails = []
