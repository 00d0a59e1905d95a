"""Storage account names (iacf_azure.naming): one rule for the object storage and static site kinds. A name is 3-24
lowercase letters and digits whatever the project and component, and a name that fitted before the rule keeps its
value (a changed name replaces the deployed account and its data)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from iacf_azure.naming import storage_account_name, storage_account_tag
from iacf_core.testing import generated_project

SUFFIX = "abc123"  # local.suffix: 6 characters of a hash
_SUBSTR = re.compile(r'\$\{substr\("([a-z0-9]+)", 0, (\d+) - length\(local\.compact\)\)\}')

IDS = ("a", "db", "www", "site", "files", "uploads", "reports_2", "invoicesa", "invoices_a", "docs_2024",
       "marketing", "marketing_site", "customer_uploads_archive", "a_b_c_d_e_f_g_h_i_j", "x" * 30,
       "store1234567", "abcdefghi", "abcdefghij")


def _evaluate(hcl: str, compact: str) -> str:
    """The value Terraform gives the HCL string for this ``local.compact``."""
    assert hcl.startswith('"') and hcl.endswith('"'), hcl
    value = _SUBSTR.sub(lambda m: m.group(1)[:max(0, int(m.group(2)) - len(compact))], hcl[1:-1])
    value = value.replace("${local.compact}", compact).replace("${local.suffix}", SUFFIX)
    assert "${" not in value, hcl
    return value


def _compact(project: str, environment: str) -> str:
    """local.compact of the project's main.tf."""
    return re.sub(r"[^a-z0-9]", "", f"{project}{environment}".lower())[:13]


def _legacy(component_id: str, compact: str, kept: int) -> str:
    """The name the templates made before the 24-character cut: Jinja's ``truncate(kept, True, '')``."""
    tag = jinja2.Environment(autoescape=False).from_string(  # noqa: S701 - not HTML
        "{{ t | truncate(k, True, '') }}").render(t=component_id.replace("_", ""), k=kept)
    return f"st{compact}{tag}{SUFFIX}"


COMPACTS = [_compact(project, env) for project in ("abc", "shop", "payments", "paymentsplatfo", "p-a-y-m-e-n-t-s",
                                                   "bankingcoreapi1")
            for env in ("dev", "staging", "prod")]


@pytest.mark.parametrize("kept", [3, 4])
@pytest.mark.parametrize("component_id", IDS)
def test_names_fit_24_characters_and_keep_the_values_that_fitted(component_id: str, kept: int) -> None:
    hcl = storage_account_name(component_id, kept=kept)
    for compact in COMPACTS:
        name = _evaluate(hcl, compact)
        assert re.fullmatch(r"[a-z0-9]{3,24}", name), (component_id, compact, name)
        legacy = _legacy(component_id, compact, kept)
        if len(legacy) <= 24:
            assert name == legacy, (component_id, compact)


def test_the_legacy_filter_is_what_the_rule_reproduces() -> None:
    """The tag is the id whole up to kept + 5 characters, else its first kept: the Jinja filter's leeway."""
    assert storage_account_tag("invoices_a", 4) == "invoicesa" and storage_account_tag("abcdefghij", 4) == "abcd"
    assert storage_account_tag("docs_2024", 3) == "docs2024" and storage_account_tag("invoicesa", 3) == "inv"
    assert storage_account_tag("marketing_site", 3) == "mar" and storage_account_tag("marketing_site", 4) == "mark"
    # a long project name leaves the tag 3 characters: the cut happens in the HCL, never in the tag
    assert _evaluate(storage_account_name("uploads", kept=4), "bankingcoreap") == f"stbankingcoreapupl{SUFFIX}"
    with pytest.raises(ValueError):
        storage_account_tag("files", 0)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, {
        "project": "paymentsplatfo", "cloud": "azure", "environment": "prod",
        "components": [{"kind": "web_app", "name": "app", "params": {"framework": "flask"}},
                       {"kind": "object_storage", "name": "reports_archive"},
                       {"kind": "object_storage", "name": "uploads"},
                       {"kind": "static_site", "name": "marketing_site"},
                       {"kind": "static_site", "name": "www"}]},
        "azure-naming")


def test_both_kinds_render_the_one_rule_with_their_width(stack: Path) -> None:
    main = (stack / "main.tf").read_text()
    names = {}
    for block in main.split('\nmodule "')[1:]:
        name = re.search(r'^\s+(?:storage_account_)?name\s+= ("st\$\{local\.compact\}\$.*")$', block, re.M)
        if name:
            names[block.split('"')[0]] = name.group(1)
    assert names == {"reports_archive": storage_account_name("reports_archive", kept=4),
                     "uploads": storage_account_name("uploads", kept=4),
                     "marketing_site": storage_account_name("marketing_site", kept=3),
                     "www": storage_account_name("www", kept=3)}
    assert 'substr("repo", 0, 16' in names["reports_archive"] and 'substr("mar", 0, 16' in names["marketing_site"]
    assert 'substr("uploads", 0, 16' in names["uploads"] and 'substr("www", 0, 16' in names["www"]
