from __future__ import annotations

from iacf_core import Component, Provenance, Spec, Stack
from iacf_governance.plugin import catalogue, iacf_governance_controls

REQUIRED_FIELDS = {"id", "title", "intent", "severity", "references"}


def make_stack(env="prod", kinds=(), internet=False, cloud="any"):
    stack = Stack(spec=Spec(project="demo", cloud=cloud, environment=env, components=[{"kind": "web_app"}]),
                  region="r")
    for i, kind in enumerate(kinds):
        stack.add(Component(id=f"c{i}", kind=kind, params={"internet_facing": internet},
                            provenance=Provenance(source="spec")))
    return stack


def test_catalogue_entries_are_complete_and_unique():
    ids = [e["id"] for e in catalogue()]
    assert len(ids) == len(set(ids))
    for entry in catalogue():
        assert REQUIRED_FIELDS <= set(entry), entry["id"]
        assert set(entry["references"]) == {"aws", "azure", "gcp"}, entry["id"]
        assert all(entry["references"][cloud] for cloud in ("aws", "azure", "gcp")), entry["id"]
        assert entry["severity"] in {"critical", "high", "medium", "low"}


def test_conditions_follow_the_stack():
    bare = {c.id for c in iacf_governance_controls(make_stack())}
    assert "web-application-firewall" not in bare and "network-flow-logs" not in bare
    full = {c.id for c in iacf_governance_controls(make_stack(kinds=("network", "web_app"), internet=True))}
    assert {"web-application-firewall", "network-flow-logs", "public-access-block"} <= full
    assert {"tagging", "encryption-keys", "secrets-management", "least-privilege"} <= bare


def test_reference_page_is_up_to_date():
    from pathlib import Path

    from iacf_governance.plugin import reference_markdown

    page = Path(__file__).resolve().parents[2] / "docs" / "controls.md"
    assert page.read_text() == reference_markdown(), "regenerate: python -m iacf_governance.docs > docs/controls.md"
    for entry in catalogue():
        assert f"`{entry['id']}`" in page.read_text()


def test_a_stack_cites_the_benchmarks_of_its_own_cloud_only():
    def refs(cloud):
        return {r for c in iacf_governance_controls(make_stack(cloud=cloud)) for r in c.references}

    aws, azure, gcp = refs("aws"), refs("azure"), refs("gcp")
    assert "CIS AWS 3.1" in aws and all(r.startswith(("CIS AWS", "WA ")) for r in aws)
    assert "MCSB LT-3" in azure and all(r.startswith(("MCSB", "Azure WAF")) for r in azure)
    assert "CIS GCP 2.1" in gcp and all(r.startswith(("CIS GCP", "GCP AF")) for r in gcp)
    assert refs("any") == set()  # a cloud the catalogue does not know cites nothing rather than another's
