"""Every change-log action code written anywhere in src has a human label, and staff see the label.

The codes are found by reading the source, not from a list kept here: every ``record_change`` /
``record_changes`` call, following an ``action`` that is a parameter back to every caller, a local
looked up in a module dict (``TABLE.get(...)`` or ``TABLE[...]``) to the dict's values, an enum
member to its value and an f-string to every combination; every status move of a
:class:`~skillcert.core.transitions.Workflow` writes ``<object_type>.<action>`` for each action of
its table. A new call with a new code fails this test until its app registers a label.
"""

from __future__ import annotations

import ast
import functools
import importlib
import itertools
from pathlib import Path
from typing import Any

import pytest

import skillcert
from skillcert.core import actions
from tests.factories import CertificateFactory

SRC = Path(skillcert.__file__).parent
SINKS = {"record_change": "action", "record_changes": "action"}


class Source:
    """Every module of src parsed once, with each node's parent, to walk from a call to its function."""

    def __init__(self) -> None:
        self.trees: dict[str, ast.Module] = {}
        self.workflow_modules: set[str] = set()
        self.parents: dict[ast.AST, ast.AST] = {}
        for path in SRC.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = "skillcert." + ".".join(path.relative_to(SRC).with_suffix("").parts)
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
            self.trees[name.removesuffix(".__init__")] = tree
            if "Workflow(" in text:
                self.workflow_modules.add(name.removesuffix(".__init__"))
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parents[child] = node

    def function_of(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None

    def calls_to(self, name: str, module: str) -> list[tuple[str, ast.Call]]:
        """Calls of a function by name; a private one only inside its own module."""
        scope = [module] if name.startswith("_") else list(self.trees)
        found = []
        for mod in scope:
            for node in ast.walk(self.trees[mod]):
                if isinstance(node, ast.Call):
                    called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                    if called == name:
                        found.append((mod, node))
        return found


def _argument(call: ast.Call, func: ast.FunctionDef | None, param: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == param:
            return keyword.value
    if func is not None:
        positional = [a.arg for a in func.args.posonlyargs + func.args.args]
        if param in positional and positional.index(param) < len(call.args):
            return call.args[positional.index(param)]
    return None


def _definition(source: Source, module: str, name: str) -> ast.FunctionDef | None:
    for node in ast.walk(source.trees[module]):
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    return None


def _evaluate(module: str, expr: ast.expr) -> Any:
    return eval(ast.unparse(expr), vars(importlib.import_module(module)))  # noqa: S307 (our own source)


def _looked_up_in(expr: ast.expr) -> ast.expr | None:
    """The module dict ``expr`` looks a code up in (``TABLE.get(key)`` or ``TABLE[key]``), if it does."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get":
        return expr.func.value
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name) and expr.value.id.isupper():
        return expr.value
    return None


def resolve(source: Source, module: str, expr: ast.expr, func: ast.FunctionDef | None) -> set[str]:
    """Every string ``expr`` can be, as far as the source says."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.JoinedStr):
        parts = [
            resolve(source, module, p.value, func) if isinstance(p, ast.FormattedValue) else {str(p.value)}  # type: ignore[attr-defined]
            for p in expr.values
        ]
        return {"".join(combo) for combo in itertools.product(*parts)}
    if isinstance(expr, ast.IfExp):
        return resolve(source, module, expr.body, func) | resolve(source, module, expr.orelse, func)
    scope = func
    while isinstance(expr, ast.Name) and scope is not None:  # a closure's free variable: the outer function's
        if expr.id in {a.arg for a in scope.args.posonlyargs + scope.args.args + scope.args.kwonlyargs}:
            return _from_callers(source, module, scope, expr.id)
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets):
                return resolve(source, module, node.value, scope)
        scope = source.function_of(scope)
    table = _looked_up_in(expr)
    if table is not None:
        return {str(v) for v in _evaluate(module, table).values()}
    try:
        return {str(_evaluate(module, expr))}
    except NameError as exc:
        where = func.name if func is not None else "module level"
        raise AssertionError(f"cannot follow the action {ast.unparse(expr)!r} in {module}.{where}") from exc


def _from_callers(source: Source, module: str, func: ast.FunctionDef, param: str) -> set[str]:
    values: set[str] = set()
    for mod, call in source.calls_to(func.name, module):
        arg = _argument(call, func, param)
        if arg is not None:
            values |= resolve(source, mod, arg, source.function_of(call))
    assert values, f"{module}.{func.name}: no caller gives {param!r}"
    return values


def _workflow_codes(source: Source) -> dict[str, set[str]]:
    """The codes :func:`skillcert.core.transitions.apply` writes: one per action of each module's workflow."""
    from skillcert.core.transitions import Workflow

    codes: dict[str, set[str]] = {}
    for module in sorted(source.workflow_modules - {"skillcert.core.transitions"}):
        for value in vars(importlib.import_module(module)).values():
            if isinstance(value, Workflow):
                for action in value.table:
                    codes.setdefault(value.code(action), set()).add(module)
    return codes


@functools.cache
def action_codes() -> dict[str, set[str]]:
    """Each action code written in src, with the modules that write it."""
    source = Source()
    codes = _workflow_codes(source)
    sink = _definition(source, "skillcert.core.changelog", "record_change")
    for mod, call in source.calls_to("record_change", "") + source.calls_to("record_changes", ""):  # one pass
        if mod in {"skillcert.core.changelog", "skillcert.core.transitions"}:
            continue
        arg = _argument(call, sink, "action")
        assert arg is not None, f"{mod}: a change-log call without an action"
        for code in resolve(source, mod, arg, source.function_of(call)):
            codes.setdefault(code, set()).add(mod)
    return codes


def test_the_scan_finds_the_codes_the_issue_names():
    """The scan itself must work: the static, the f-string and the dict-valued codes are all found."""
    codes = action_codes()
    for code in (
        "certificates.certificate.issue",
        "certificates.certificate.revoke",
        "institutions.institution.suspend",
        "institutions.scope.set",
        "supervision.complaint.file",
        "supervision.complaint.accept",
        "credentials.status_list.set_revocation",
        "assessments.batch.commit",
    ):
        assert code in codes, code
    assert "competitions.result_import.issue" in codes and "assessments.batch.interrupt" in codes
    assert len(codes) > 50


def test_every_action_code_written_in_src_has_a_label():
    labels = actions.registered()
    missing = {code: sorted(mods) for code, mods in action_codes().items() if code not in labels}
    assert missing == {}, f"register a label for these change-log actions: {missing}"


def test_labels_are_chinese_by_default_and_english_on_request():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert actions.label_for("institutions.institution.suspend") == "暂停备案"
        assert actions.label_for("institutions.scope.set") == "设置评价范围"
        assert actions.label_for("institution.suspend") == "暂停备案"  # an old entry's code reads the same
    with translation.override("en"):
        assert actions.label_for("institutions.institution.suspend") == "Record suspended"
    assert actions.label_for("no.such.code") == "no.such.code"


def test_two_different_labels_for_one_code_are_refused():
    from django.core.exceptions import ImproperlyConfigured

    issue = "certificates.certificate.issue"
    actions.register({issue: actions.registered()[issue]})  # the same words again are fine
    with pytest.raises(ImproperlyConfigured):
        actions.register({issue: "something else"})


@pytest.mark.django_db
def test_an_institution_history_shows_the_chinese_label_with_the_code_beside_it(reference, centre_client, centre_user):
    import re

    from skillcert.institutions import services
    from tests.institutions import factories

    welder = factories.active(name="成都焊接技能评价中心", scope=(("6-18-02-04", "", "345"),))
    services.suspend_institution(institution=welder, reason="质量调研检查不合格", actor=centre_user)
    page = centre_client.get(f"/institutions/manage/{welder.public_id}/").content.decode()
    history = page[page.index('data-testid="history"') :]
    assert re.search(
        r'<span class="change-action" title="institutions.institution.suspend"[^>]*>暂停备案</span>', history
    )
    assert "暂停备案" in history and "质量调研检查不合格" in history
    assert ">institutions.institution.suspend<" not in history  # the code only in the title, not as the text staff read


@pytest.mark.django_db
def test_a_certificate_history_shows_issued_and_suspended_in_chinese(reference, holder, institution, operator):
    import datetime as dt

    from django.test import Client

    from skillcert.certificates import services

    certificate = CertificateFactory(
        holder=holder, issued_on=dt.date(2026, 5, 20), level=3, institution=institution, actor=operator
    )
    services.suspend_certificate(certificate=certificate, category="under_review", reason="核查中", actor=operator)
    staff = Client()
    staff.force_login(operator)
    page = staff.get(f"/certificates/manage/{certificate.public_id}/").content.decode()
    history = page[page.index('data-testid="history"') :]
    assert (
        'title="certificates.certificate.issue" data-action="certificates.certificate.issue">颁发证书</span>' in history
    )
    assert (
        'title="certificates.certificate.suspend" data-action="certificates.certificate.suspend">暂停证书</span>'
        in (history)
    )
