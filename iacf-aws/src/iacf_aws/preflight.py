"""``iacf preflight`` for AWS: which account singletons the target account already has, read-only.

The project is read from its files: the region and names from ``.iacf/manifest.json``, what the project
creates from the ``enable_*`` switches of its ``./modules/account_baseline`` module call. The account is read
with boto3 and the user's own credentials (``--endpoint``: an emulator), only through ``Describe``/``Get``/
``List`` calls. Each singleton the project would create although it exists collides: the report gives the
import blocks that adopt it (addresses of this project, import ids of the provider 5.x) and the control to
leave to its owner in ``[account_baseline]`` instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from iacf_core import IacfError, ImportBlock, PreflightOptions, PreflightReport, Singleton
from iacf_core.toolkit.hcl import HclError, blocks, load_file, tf_files

MODULE_SOURCE = "./modules/account_baseline"
INSTALL_HINT = "pip install 'iacf-aws[preflight]'"
MANAGED_STANDARDS = ("cis-aws-foundations-benchmark/v/3.0.0", "aws-foundational-security-best-practices/v/1.0.0")
# errors that mean "there is none"
NOT_FOUND = {"NoSuchEntity", "NoSuchEntityException", "NotFoundException", "NoSuchPublicAccessBlockConfiguration",
             "InvalidAccessException", "ResourceNotFoundException", "TrailNotFoundException"}


class Unreadable(Exception):
    """A read the credentials (or the emulator) cannot do: the singleton's status is unknown."""


@dataclass
class Project:
    """What the generated project would create in the account."""

    name: str  # "<project>-<environment>": the prefix of every singleton's name
    region: str
    module: str | None  # address of the account_baseline module call, None when there is none
    switches: dict[str, bool] = field(default_factory=dict)
    create_slr: bool = True
    provided: list[str] = field(default_factory=list)  # controls the project already leaves to their owner
    baseline: str = "project"

    def creates(self, switch: str) -> bool:
        return self.module is not None and self.switches.get(switch, True)

    def address(self, resource: str) -> str:
        return f"{self.module}.{resource}"


def read_project(directory: Path) -> Project:
    try:
        manifest = json.loads((directory / ".iacf" / "manifest.json").read_text(encoding="utf-8"))
        spec, region = manifest["spec"], manifest["region"]
        name = f"{spec['project']}-{spec.get('environment', 'dev')}"
    except (OSError, ValueError, KeyError, TypeError):
        raise IacfError(f"{directory / '.iacf/manifest.json'} names no project, environment or region") from None
    provided = sorted(i["control"] for i in manifest.get("implementations", []) if i.get("provided_by"))
    baseline = "provided" if "aws.governance.provided.account-settings" in manifest.get("decisions", []) \
        else "project"
    project = Project(name=name, region=region, module=None, provided=provided, baseline=baseline)
    for path in tf_files(directory):
        if path.parent != directory:
            continue
        try:
            doc = load_file(path)
        except (HclError, UnicodeDecodeError):
            raise IacfError(f"{path} is not valid HCL: fix it (iacf validate) before a preflight") from None
        for block in blocks(doc, path, "module", 1):
            if block.body.get("source") == MODULE_SOURCE:
                project.module = f"module.{block.labels[0]}"
                project.switches = {k: v for k, v in block.body.items() if k.startswith("enable_")
                                    and isinstance(v, bool)}
                project.create_slr = block.body.get("create_config_service_linked_role", True) is not False
    return project


class Account:
    """boto3 clients for one account and region; ``endpoint`` sends every call to an emulator."""

    def __init__(self, region: str, endpoint: str | None) -> None:
        try:
            import boto3
            import botocore.exceptions
            import botocore.parsers
        except ImportError:
            raise IacfError(f"iacf preflight needs boto3: {INSTALL_HINT}") from None
        self.errors = botocore.exceptions
        self.unparsable = botocore.parsers.ResponseParserError
        self.session = boto3.session.Session(region_name=region)
        self.region, self.endpoint = region, endpoint
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            from botocore.config import Config

            config = Config(retries={"max_attempts": 2, "mode": "standard"}, connect_timeout=5, read_timeout=20)
            client = self.session.client(service, endpoint_url=self.endpoint, config=config)
            if self.endpoint and service == "s3control":
                # the SDK addresses the account-level S3 API at <account id>.<host>: back to the emulator's host
                client.meta.events.register("before-send.s3-control.*", self._to_endpoint)
            self._clients[service] = client
        return self._clients[service]

    def _to_endpoint(self, request: Any, **_: Any) -> None:
        parts, target = urlsplit(request.url), urlsplit(self.endpoint or "")
        request.url = urlunsplit((parts.scheme, target.netloc, parts.path, parts.query, parts.fragment))

    def identity(self) -> str:
        """The account id; :class:`IacfError` when there are no usable credentials or no endpoint."""
        try:
            return str(self.client("sts").get_caller_identity()["Account"])
        except self.errors.NoCredentialsError:
            raise IacfError("no AWS credentials found: set AWS_PROFILE (SSO) or the AWS_* variables of the "
                            "target account's role") from None
        except (self.errors.EndpointConnectionError, self.errors.ConnectTimeoutError) as exc:
            where = self.endpoint or f"the AWS endpoints of {self.region}"
            raise IacfError(f"cannot reach {where} ({type(exc).__name__})") from None
        except self.errors.ClientError as exc:
            raise IacfError(f"the AWS credentials are refused: {_code(exc)}") from None
        except self.errors.BotoCoreError as exc:
            raise IacfError(f"cannot read the account: {exc}") from None

    def read(self, call: Callable[[], Any]) -> Any:
        """The call's result, None when there is none (a not-found error); :class:`Unreadable` otherwise."""
        try:
            return call()
        except self.errors.ClientError as exc:
            code = _code(exc)
            if code in NOT_FOUND:
                return None
            if "AccessDenied" in code or "Unauthorized" in code:
                raise Unreadable(f"not readable with these credentials ({code})") from None
            raise Unreadable(f"not readable here ({code})") from None
        except (self.errors.BotoCoreError, self.unparsable, ValueError) as exc:
            # an emulator that lacks the call answers with an HTML error page
            raise Unreadable(f"not readable here ({type(exc).__name__})") from None


def _code(exc: Any) -> str:
    return str(exc.response.get("Error", {}).get("Code") or exc.response.get("ResponseMetadata", {})
               .get("HTTPStatusCode", "error"))


@dataclass(frozen=True)
class Kind:
    """What a singleton is: its report id and title, the control it implements, where it lives, its switch."""

    id: str
    title: str
    control: str
    scope: str  # "account" or "region"
    switch: str  # the module variable that creates it


@dataclass
class Context:
    account: Account
    project: Project
    account_id: str


def _singleton(ctx: Context, kind: Kind, *, found: list[str] | None, effect: str,
               imports: list[ImportBlock] | None = None, provided: str | None = None, note: str = "",
               ours: bool = False) -> Singleton:
    """One singleton of the report; ``found`` None means unreadable (``note`` says why), ``ours``: its name or
    tags are this project's (an earlier apply, or a lost state: the import block adopts it either way)."""
    creates = ctx.project.creates(kind.switch)
    status = "unknown" if found is None else ("exists" if found else "absent")
    collides = status == "exists" and creates
    if ours and collides:
        note = ("named or tagged like this project's: after an earlier apply of this project it is already in "
                "the state (the import block is then a no-op); otherwise import it")
    return Singleton(id=kind.id, title=kind.title, control=kind.control, scope=kind.scope,
                     status=status, created_by_project=creates, collides=collides, found=found or [],
                     effect=effect if collides else "", imports=(imports or []) if collides else [],
                     provided=provided if collides else None, note=note)


def _unknown(ctx: Context, kind: Kind, reason: Unreadable) -> Singleton:
    return _singleton(ctx, kind, found=None, effect="", note=str(reason))


# -- the singletons -------------------------------------------------------------------------------------


def trail(ctx: Context) -> list[Singleton]:
    kind = Kind("cloudtrail-trail", "CloudTrail trail logging every region", "audit-trail", "account",
                "enable_cloudtrail")
    try:
        trails = ctx.account.read(lambda: ctx.account.client("cloudtrail").describe_trails(
            includeShadowTrails=True)["trailList"]) or []
    except Unreadable as exc:
        return [_unknown(ctx, kind, exc)]
    logging = [t for t in trails if t.get("IsMultiRegionTrail") or t.get("HomeRegion") == ctx.project.region]
    name = f"{ctx.project.name}-trail"
    ours = any(t.get("Name") == name and not t.get("IsOrganizationTrail") for t in logging)
    org = [t["Name"] for t in logging if t.get("IsOrganizationTrail")]
    own = [t for t in logging if not t.get("IsOrganizationTrail") and f":{ctx.account_id}:" in t.get("TrailARN", "")]
    imports = [ImportBlock(to=ctx.project.address("aws_cloudtrail.this[0]"), id=t["TrailARN"])
               for t in own if t.get("Name") == name]
    note = ("an organization trail already logs this account: leave audit-trail to the organization"
            if org else f"adopting {own[0]['Name']} also needs name_overrides = {{ cloudtrail = "
            f"\"{own[0]['Name']}\" }} in the module call (a name change replaces a trail)" if own and not imports
            else "")
    if own and not imports and not org:
        imports = [ImportBlock(to=ctx.project.address("aws_cloudtrail.this[0]"), id=own[0]["TrailARN"])]
    return [_singleton(ctx, kind, found=sorted(t["Name"] for t in logging), ours=ours and not org,
                       effect="a second trail records every management event again: duplicate logs and the "
                              "charge of a second copy of management events",
                       imports=imports, provided="audit-trail", note=note)]


def guardduty(ctx: Context) -> list[Singleton]:
    kind = Kind("guardduty-detector", "GuardDuty detector", "threat-detection", "region", "enable_guardduty")
    client = ctx.account.client("guardduty")
    try:
        ids: list[str] = ctx.account.read(lambda: client.list_detectors()["DetectorIds"]) or []
        tags = [ctx.account.read(partial(client.get_detector, DetectorId=d)) or {} for d in ids]
    except Unreadable as exc:
        return [_unknown(ctx, kind, exc)]
    try:  # an organization member: its administrator account owns the detector's configuration
        admin = [ctx.account.read(partial(client.get_administrator_account, DetectorId=d)) or {} for d in ids]
    except Unreadable:
        admin = []
    project, env = ctx.project.name.rsplit("-", 1)
    ours = any(t.get("Tags", {}).get("Project") == project and t.get("Tags", {}).get("Environment") == env
               for t in tags)
    managed = any(a.get("Administrator", {}).get("AccountId") for a in admin)
    return [_singleton(ctx, kind, found=sorted(ids), ours=ours,
                       effect="the apply fails: one detector per account and region",
                       imports=[ImportBlock(to=ctx.project.address("aws_guardduty_detector.this[0]"), id=d)
                                for d in sorted(ids)[:1]],
                       provided="threat-detection",
                       note="the detector is a member of an organization's GuardDuty: leave threat-detection to "
                            "the organization" if managed else "")]


def securityhub(ctx: Context) -> list[Singleton]:
    kind = Kind("securityhub-account", "Security Hub", "posture-management", "region", "enable_securityhub")
    client = ctx.account.client("securityhub")
    try:
        hub = ctx.account.read(lambda: client.describe_hub())
    except Unreadable as exc:
        return [_unknown(ctx, kind, exc)]
    if not hub:
        return [_singleton(ctx, kind, found=[], effect="")]
    imports = [ImportBlock(to=ctx.project.address("aws_securityhub_account.this[0]"), id=ctx.account_id)]
    note = ""
    try:
        enabled = ctx.account.read(lambda: client.get_enabled_standards()["StandardsSubscriptions"]) or []
        for std in enabled:
            short = std["StandardsArn"].split(":standards/", 1)[-1]
            if short in MANAGED_STANDARDS:
                imports.append(ImportBlock(
                    to=ctx.project.address(f"aws_securityhub_standards_subscription.this[{json.dumps(short)}]"),
                    id=std["StandardsSubscriptionArn"]))
    except Unreadable as exc:
        note = f"its enabled standards are {exc}: import each one the module manages too"
    return [_singleton(ctx, kind, found=[hub.get("HubArn", ctx.account_id)],
                       effect="the apply fails: Security Hub is already enabled in this region",
                       imports=imports, provided="posture-management", note=note)]


def config(ctx: Context) -> list[Singleton]:
    client, name = ctx.account.client("config"), ctx.project.name
    found: list[Singleton] = []
    for sid, title, call, key, own_name, resources in (
        ("config-recorder", "AWS Config recorder", lambda: client.describe_configuration_recorders(),
         "ConfigurationRecorders", f"{name}-recorder",
         ("aws_config_configuration_recorder.this[0]", "aws_config_configuration_recorder_status.this[0]")),
        ("config-delivery-channel", "AWS Config delivery channel", lambda: client.describe_delivery_channels(),
         "DeliveryChannels", f"{name}-delivery", ("aws_config_delivery_channel.this[0]",)),
    ):
        try:
            names = sorted(r["name"] for r in (ctx.account.read(call) or {}).get(key, []))
        except Unreadable as exc:
            found.append(_unknown(ctx, Kind(sid, title, "config-recording", "region", "enable_config"), exc))
            continue
        override = "config_recorder" if sid == "config-recorder" else "config_delivery_channel"
        control_tower = any(n.startswith("aws-controltower") for n in names)
        note = ("Control Tower owns it: leave config-recording to the landing zone" if control_tower else
                f"adopting it also needs name_overrides = {{ {override} = \"{names[0]}\" }} in the module call "
                "(its name cannot change in place)" if names and names[0] != own_name else "")
        kind = Kind(sid, title, "config-recording", "region", "enable_config")
        found.append(_singleton(ctx, kind, found=names, ours=own_name in names,
                                effect="the apply fails: one per account and region",
                                imports=[ImportBlock(to=ctx.project.address(r), id=names[0])
                                         for r in resources] if names else [],
                                provided="config-recording", note=note))
    found.append(_service_linked_role(ctx))
    return found


def _service_linked_role(ctx: Context) -> Singleton:
    kind = Kind("config-service-linked-role", "AWS Config service-linked role (AWSServiceRoleForConfig)",
                "config-recording", "account", "enable_config")
    iam = ctx.account.client("iam")
    try:
        roles = ctx.account.read(lambda: iam.list_roles(PathPrefix="/aws-service-role/config.amazonaws.com/")
                                 ["Roles"]) or []
    except Unreadable as exc:
        return _unknown(ctx, kind, exc)
    arns = sorted(r["Arn"] for r in roles if r["RoleName"].lower() == "awsserviceroleforconfig")
    single = _singleton(ctx, kind, found=arns, effect="the apply fails: the role already exists (one per account)",
                        imports=[ImportBlock(to=ctx.project.address("aws_iam_service_linked_role.config[0]"),
                                             id=a) for a in arns[:1]],
                        note="adopt it (the role serves every Config recorder of the account), or pass "
                             "create_config_service_linked_role = false to the module call")
    if not ctx.project.create_slr:  # the project reuses it: an existing role is what it needs
        single.created_by_project, single.collides, single.imports, single.effect = False, False, [], ""
    return single


def access_analyzer(ctx: Context) -> list[Singleton]:
    kind = Kind("access-analyzer", "IAM Access Analyzer (account zone of trust)", "access-analysis", "region",
                "enable_access_analyzer")
    try:
        analyzers = ctx.account.read(lambda: ctx.account.client("accessanalyzer").list_analyzers(
            type="ACCOUNT")["analyzers"]) or []
    except Unreadable as exc:
        return [_unknown(ctx, kind, exc)]
    names = sorted(a["name"] for a in analyzers if a.get("status") != "DISABLED")
    own = f"{ctx.project.name}-account-analyzer"
    return [_singleton(ctx, kind, found=names, ours=own in names,
                       effect="the apply fails: one account-level analyzer per account and region",
                       imports=[ImportBlock(to=ctx.project.address("aws_accessanalyzer_analyzer.this[0]"), id=n)
                                for n in names[:1]],
                       provided="access-analysis",
                       note=f"adopting it also needs name_overrides = {{ access_analyzer = \"{names[0]}\" }} in "
                            "the module call" if names and names[0] != own else "")]


def password_policy(ctx: Context) -> list[Singleton]:
    kind = Kind("iam-password-policy", "IAM account password policy", "password-policy", "account",
                "enable_password_policy")
    try:
        policy = ctx.account.read(lambda: ctx.account.client("iam").get_account_password_policy())
    except Unreadable as exc:
        return [_unknown(ctx, kind, exc)]
    length = (policy or {}).get("PasswordPolicy", {}).get("MinimumPasswordLength")
    return [_singleton(ctx, kind, found=[f"minimum length {length}"] if policy else [],
                       effect="the project overwrites the account's policy, and a destroy deletes it",
                       imports=[ImportBlock(to=ctx.project.address("aws_iam_account_password_policy.this[0]"),
                                            id="iam-account-password-policy")],
                       provided="password-policy")]


def s3_public_access_block(ctx: Context) -> list[Singleton]:
    kind = Kind("s3-account-public-access-block", "S3 account-level public access block", "public-access-block",
                "account", "enable_s3_account_public_access_block")
    try:
        block = ctx.account.read(lambda: ctx.account.client("s3control").get_public_access_block(
            AccountId=ctx.account_id))
    except Unreadable as exc:
        return [_unknown(ctx, kind, exc)]
    settings = (block or {}).get("PublicAccessBlockConfiguration", {})
    on = sorted(k for k, v in settings.items() if v)
    return [_singleton(ctx, kind, found=[f"{len(on)}/4 settings on"] if block else [],
                       effect="the project overwrites the account's setting, and a destroy removes it",
                       imports=[ImportBlock(to=ctx.project.address("aws_s3_account_public_access_block.this[0]"),
                                            id=ctx.account_id)],
                       provided="public-access-block")]


def ebs_encryption(ctx: Context) -> list[Singleton]:
    kind = Kind("ebs-encryption-by-default", "EBS encryption by default", "default-encryption", "region",
                "enable_ebs_default_encryption")
    ec2 = ctx.account.client("ec2")
    try:
        enabled = (ctx.account.read(lambda: ec2.get_ebs_encryption_by_default()) or {}).get("EbsEncryptionByDefault")
    except Unreadable as exc:
        return [_unknown(ctx, kind, exc)]
    imports = [ImportBlock(to=ctx.project.address("aws_ebs_encryption_by_default.this[0]"), id="default")]
    note = ""
    if enabled:
        try:
            key = (ctx.account.read(lambda: ec2.get_ebs_default_kms_key_id()) or {}).get("KmsKeyId")
            if key:
                imports.append(ImportBlock(to=ctx.project.address("aws_ebs_default_kms_key.this[0]"), id=key))
        except Unreadable as exc:
            note = f"the default key is {exc}"
    return [_singleton(ctx, kind, found=["enabled"] if enabled else [],
                       effect="the project takes the setting over (and its default key), and a destroy turns "
                              "encryption by default off",
                       imports=imports, provided="default-encryption", note=note)]


def budget(ctx: Context) -> list[Singleton]:
    name = f"{ctx.project.name}-monthly-cost"
    kind = Kind("budget", f"Budget {name}", "budget", "account", "enable_budget")
    try:
        found = ctx.account.read(lambda: ctx.account.client("budgets").describe_budget(
            AccountId=ctx.account_id, BudgetName=name))
    except Unreadable as exc:
        return [_unknown(ctx, kind, exc)]
    return [_singleton(ctx, kind, found=[name] if found else [],
                       effect="the apply fails: a budget of that name exists",
                       imports=[ImportBlock(to=ctx.project.address("aws_budgets_budget.this[0]"),
                                            id=f"{ctx.account_id}:{name}")],
                       provided="budget")]


CHECKS: tuple[Callable[[Context], list[Singleton]], ...] = (
    trail, guardduty, securityhub, config, access_analyzer, password_policy, s3_public_access_block,
    ebs_encryption, budget,
)


def preflight(directory: Path, options: PreflightOptions) -> PreflightReport:
    project = read_project(directory)
    account = Account(project.region, options.endpoint)
    account_id = account.identity()
    options.progress(f"reading account {account_id} in {project.region}")
    ctx = Context(account=account, project=project, account_id=account_id)
    singletons: list[Singleton] = []
    for check in CHECKS:
        options.progress(f"checking {check.__name__.replace('_', ' ')}")
        singletons.extend(check(ctx))
    collisions = {s.provided for s in singletons if s.collides and s.provided}
    return PreflightReport(cloud="aws", account=account_id, region=project.region, endpoint=options.endpoint,
                           baseline=project.baseline,
                           singletons=singletons, provided=sorted(set(project.provided) | collisions))

