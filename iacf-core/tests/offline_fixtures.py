"""A small CDK binding wheel, written the way the CDKTF / CDK Terrain generators write theirs.

Provider ``hashicorp/demo`` 1.2.3 with one resource, ``demo_thing``, covering what the extractor reads: flags,
configurable and read-only attributes, a set of strings, a list block limited to one, a set block, a single
block, a read-only list of objects, a write-only argument and an argument the generator typed ``any``.
"""

from __future__ import annotations

import base64
import io
import json
import tarfile
import zipfile
from pathlib import Path

DEMO = "demo=iacf-demo-binding==0.1.0"
DEMO_VERSION = "1.2.3"


def _hcl(name: str, is_block: bool, kind: str, storage: str, field: str, struct: bool = False) -> str:
    owner = "struct!" if struct else "this"
    ref = f"{owner}.{field}" if struct else f"this._{field}"
    return (f"      {name}: {{\n        value: cdktf.anyToHclTerraform({ref}),\n"
            f"        isBlock: {str(is_block).lower()},\n        type: \"{kind}\",\n"
            f"        storageClassType: \"{storage}\",\n      }},\n")


def _flag(name: str, computed: bool, optional: bool, required: bool) -> str:
    return f"  // {name} - computed: {str(computed).lower()}, optional: {str(optional).lower()}, " \
           f"required: {str(required).lower()}\n"


def _getter(name: str, getter: str, wrap_set: bool = False) -> str:
    call = f"this.{getter}('{name}')"
    return f"  public get x() {{\n    return {'cdktf.Fn.tolist(' + call + ')' if wrap_set else call};\n  }}\n\n"


def resource_source() -> str:
    ts = "import * as cdktf from 'cdktf';\n\n"
    ts += "export interface DemoThingRule {\n  readonly priority: number;\n}\n\n"
    ts += "export function demoThingRuleToHclTerraform(struct?: DemoThingRule): any {\n  const attrs = {\n"
    ts += _hcl("priority", False, "simple", "number", "priority", struct=True) + "  };\n  return attrs;\n}\n\n"
    ts += "export class DemoThingRuleOutputReference extends cdktf.ComplexObject {\n"
    ts += "  constructor(terraformResource: any, terraformAttribute: string, complexObjectIndex: number, " \
          "complexObjectIsFromSet: boolean) {\n" \
          "    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);\n  }\n\n"
    ts += _flag("priority", False, False, True) + "  private _priority?: number;\n"
    ts += _getter("priority", "getNumberAttribute")
    ts += _flag("status", True, False, False) + _getter("status", "getStringAttribute") + "}\n\n"
    ts += "export class DemoThingRuleList extends cdktf.ComplexList {\n}\n\n"
    ts += "export function demoThingConfigBlockToHclTerraform(struct?: any): any {\n  const attrs = {\n"
    ts += _hcl("mode", False, "simple", "string", "mode", struct=True) + "  };\n  return attrs;\n}\n\n"
    ts += "export class DemoThingConfigBlockOutputReference extends cdktf.ComplexObject {\n"
    ts += "  constructor(terraformResource: any, terraformAttribute: string) {\n" \
          "    super(terraformResource, terraformAttribute, false, 0);\n  }\n\n"
    ts += _flag("mode", False, True, False) + _getter("mode", "getStringAttribute") + "}\n\n"
    ts += "export function demoThingTimeoutsToHclTerraform(struct?: any): any {\n  const attrs = {\n"
    ts += _hcl("create", False, "simple", "string", "create", struct=True) + "  };\n  return attrs;\n}\n\n"
    ts += "export class DemoThingTimeoutsOutputReference extends cdktf.ComplexObject {\n"
    ts += "  constructor(terraformResource: any, terraformAttribute: string) {\n" \
          "    super(terraformResource, terraformAttribute, false);\n  }\n\n"
    ts += _flag("create", False, True, False) + _getter("create", "getStringAttribute") + "}\n\n"
    ts += "export class DemoThingEndpointsOutputReference extends cdktf.ComplexObject {\n"
    ts += _flag("address", True, False, False) + _getter("address", "getStringAttribute")
    ts += _flag("port", True, False, False) + _getter("port", "getNumberAttribute") + "}\n\n"
    ts += "export class DemoThingEndpointsList extends cdktf.ComplexList {\n}\n\n"
    ts += "export class DemoThing extends cdktf.TerraformResource {\n"
    ts += '  public static readonly tfResourceType = "demo_thing";\n\n  // ==========\n  // ATTRIBUTES\n' \
          "  // ==========\n\n"
    ts += _flag("arn", True, False, False) + _getter("arn", "getStringAttribute")
    ts += _flag("endpoints", True, False, False)
    ts += '  private _endpoints = new DemoThingEndpointsList(this, "endpoints", false);\n\n'
    ts += _flag("id", True, True, False) + _getter("id", "getStringAttribute")
    ts += _flag("name", False, False, True) + _getter("name", "getStringAttribute")
    ts += _flag("password_wo", False, True, False) + _getter("password_wo", "getStringAttribute")
    ts += _flag("policy", False, True, False) + _getter("policy", "interpolationForAttribute")
    ts += _flag("ports", False, True, False) + _getter("ports", "getNumberListAttribute", wrap_set=True)
    ts += _flag("tags", False, True, False) + _getter("tags", "getStringMapAttribute")
    ts += _flag("config", False, False, True)
    ts += '  private _config = new DemoThingConfigBlockOutputReference(this, "config");\n\n'
    ts += _flag("rule", False, True, False) + '  private _rule = new DemoThingRuleList(this, "rule", true);\n\n'
    ts += _flag("timeouts", False, True, False)
    ts += '  private _timeouts = new DemoThingTimeoutsOutputReference(this, "timeouts");\n\n'
    ts += "  // =========\n  // SYNTHESIS\n  // =========\n\n"
    ts += "  protected synthesizeHclAttributes(): { [name: string]: any } {\n    const attrs = {\n"
    ts += _hcl("id", False, "simple", "string", "id") + _hcl("name", False, "simple", "string", "name")
    ts += _hcl("password_wo", False, "simple", "string", "passwordWo")
    ts += _hcl("policy", False, "simple", "any", "policy") + _hcl("ports", False, "set", "numberList", "ports")
    ts += _hcl("tags", False, "map", "stringMap", "tags")
    ts += _hcl("config", True, "list", "DemoThingConfigBlockList", "config")
    ts += _hcl("rule", True, "set", "DemoThingRuleList", "rule")
    ts += _hcl("timeouts", True, "struct", "DemoThingTimeouts", "timeouts")
    ts += "    };\n    return attrs;\n  }\n}\n"
    return ts


def provider_source() -> str:
    ts = "import * as cdktf from 'cdktf';\n\n"
    ts += "export class DemoProvider extends cdktf.TerraformProvider {\n"
    ts += '  public static readonly tfResourceType = "demo";\n\n'
    ts += _flag("alias", False, True, False) + "  private _alias?: string;\n\n"
    ts += _flag("region", False, True, False) + "  private _region?: string;\n\n"
    ts += "  protected synthesizeHclAttributes(): { [name: string]: any } {\n    const attrs = {\n"
    ts += _hcl("alias", False, "simple", "string", "alias") + _hcl("region", False, "simple", "string", "region")
    ts += "    };\n    return attrs;\n  }\n}\n"
    return ts


def compiled(ts: str) -> str:
    """JavaScript as tsc emits it: the code, then an inline source map holding the TypeScript."""
    source_map = {"version": 3, "file": "index.js", "sources": ["index.ts"], "names": [], "mappings": "",
                  "sourcesContent": [ts]}
    encoded = base64.b64encode(json.dumps(source_map).encode()).decode()
    return f'"use strict";\n// compiled output\n//# sourceMappingURL=data:application/json;base64,{encoded}'


def assembly() -> str:
    entries = {
        "@iacf/demo.demoThing.DemoThing": ("cdktf.TerraformResource", "src/demo-thing/index.ts"),
        "@iacf/demo.provider.DemoProvider": ("cdktf.TerraformProvider", "src/provider/index.ts"),
    }
    types = {fqn: {"assembly": "@iacf/demo", "base": base, "docs": {"summary": "x"}, "fqn": fqn, "kind": "class",
                   "locationInModule": {"filename": filename, "line": 1}, "name": fqn.rsplit(".", 1)[-1]}
             for fqn, (base, filename) in entries.items()}
    doc = {"name": "@iacf/demo", "readme": {"markdown": f"# CDKTF prebuilt bindings for hashicorp/demo provider "
                                                        f"version {DEMO_VERSION}\n"}, "types": types}
    return json.dumps(doc, indent=2, sort_keys=True)


def write_wheel(folder: Path) -> Path:
    """The demo binding wheel in ``folder`` (named as pip would download it)."""
    tgz = io.BytesIO()
    with tarfile.open(fileobj=tgz, mode="w:gz") as tar:
        for name, text in ((".jsii", assembly()), ("lib/demo-thing/index.js", compiled(resource_source())),
                           ("lib/provider/index.js", compiled(provider_source()))):
            data = text.encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / "iacf_demo_binding-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("iacf_demo_binding/_jsii/demo@0.1.0.jsii.tgz", tgz.getvalue())
    return wheel
