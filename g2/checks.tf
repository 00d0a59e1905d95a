# Reviewer invariants, evaluated at every plan and apply against the deployed resources. A failing check is
# reported as a warning: it never blocks an apply, it tells the reviewer the deployment drifted from the
# decisions of this environment (DECISIONS.md).
