# Notifications (budget alerts, security alarms, service events), from [notifications] in iacf.toml.
notification_emails = []
