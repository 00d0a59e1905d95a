"""GuardDuty Runtime Monitoring on ECS Fargate: GuardDuty adds its security agent as a sidecar container to every
new task, and the task's execution role pulls that image from GuardDuty's own ECR repository. The Fargate tasks
of a stack (web applications, the one-off database-users tasks) may pull it, from that repository only."""

from __future__ import annotations

from iacf_core import Decision, Stack

# the components whose ECS Fargate tasks GuardDuty would add its agent to: the services of web applications and
# the database-users task of each relational database
FARGATE_KINDS = ("web_app", "relational_database")


def decide(stack: Stack) -> None:
    """Let the execution roles of the stack's Fargate tasks pull GuardDuty's agent, and record why.

    Threat detection is a control of every AWS stack: the project's account baseline creates GuardDuty (with the
    module's default protection plans, Runtime Monitoring and its ECS Fargate agent management included) unless
    the policy leaves it to the account's owner, whose GuardDuty may add the agent as well.
    """
    tasks = [c for c in stack.ordered() if c.kind in FARGATE_KINDS]
    if not tasks:
        return
    ours = "threat-detection" not in stack.policy.account_baseline.left_to_owner()
    for c in tasks:
        c.params["guardduty_agent"] = True
    apps = [c.id for c in tasks if c.kind == "web_app"]
    dbs = [c.id for c in tasks if c.kind == "relational_database"]
    roles = " and ".join(filter(None, [
        f"the service of {', '.join(apps)}" if apps else "",
        f"the database-users task of {', '.join(dbs)}" if dbs else ""]))
    owner = stack.policy.account_baseline.managed_by or "the account baseline's owner"
    stack.decide(Decision(
        id="aws.guardduty.fargate-agent",
        title="ECS Fargate tasks may pull GuardDuty's runtime agent, from its repository of the region only",
        why=("The account baseline of this project enables GuardDuty Runtime Monitoring with automated agent "
             "management for ECS Fargate (RUNTIME_MONITORING, ECS_FARGATE_AGENT_MANAGEMENT)" if ours else
             f"GuardDuty is provided by {owner}, whose Runtime Monitoring may manage the agent of ECS Fargate "
             "(an organization's delegated administrator sets it for every member account)")
            + ": GuardDuty then adds its security agent as a sidecar container to every new task, and the task's "
            "execution role pulls that image from GuardDuty's ECR repository (aws-guardduty-agent-fargate, held "
            "by an AWS account of GuardDuty in each region); a role that cannot pull it leaves the task unable to "
            f"start. The execution roles of {roles} may therefore call ecr:BatchCheckLayerAvailability, "
            "ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on that one repository of the region (the account "
            "AWS documents for it), beside ecr:GetAuthorizationToken, which AWS defines on * only. The workload "
            "permissions "
            "boundary allows the same repositories in the project's regions (every other image pull stays limited "
            "to this account's repositories), and an S3 gateway endpoint of the private subnets lets them fetch "
            "the image layers from ECR's layer bucket (WA SEC04-BP02, SEC03-BP02).",
        rule="threat-detection",
        trigger=("GuardDuty created by this project (account baseline) with ECS Fargate tasks" if ours else
                 f"{stack.policy.label}: threat-detection provided, with ECS Fargate tasks"),
        components=[*apps, *dbs],
        alternatives=["AmazonECSTaskExecutionRolePolicy (pulls from every repository of every account)",
                      "ECS_FARGATE_AGENT_MANAGEMENT off, or the cluster tagged GuardDutyManaged=false (the tasks "
                      "run without runtime threat detection)"],
    ))
