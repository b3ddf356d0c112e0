"""Property-based tests: random and malformed values thrown at every form (every POST route)
and at every query parameter of every page, signed in as an administrator. The answer is a
page or a clear error, never a 500 or a stack trace, and a refused request writes nothing."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from tests.fuzz import tally
from tests.fuzz.conftest import INCIDENTAL, broken, changed_tables, row_counts
from tests.fuzz.strategies import values

# Routes that end the fuzzing session rather than test input handling.
SKIP_POST = {"auth.login", "auth.logout"}
COMMON_FIELDS = ["row_version", "confirm", "comment", "reason", "justification", "note",
                 "title", "description", "q", "page", "next", "id", "status", "body_md"]
FIELD = re.compile(r"<(?:input|select|textarea|button)\b[^>]*\bname=\"([^\"]+)\"")
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)

EXAMPLES_PER_ROUTE = 4


def _settings(routes: int, per_route: int = EXAMPLES_PER_ROUTE):
    return settings(max_examples=max(20, per_route * routes), deadline=None,
                    database=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _blueprints():
    from qms import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted({rule.endpoint.split(".")[0] for rule in app.url_map.iter_rules()
                   if "." in rule.endpoint and rule.endpoint != "static"})


BLUEPRINTS = _blueprints()


def _report(failures: dict[tuple, str]) -> str:
    return "\n".join(list(failures.values())[:15]) + f"\n({len(failures)} distinct defects)"


def _rules(app, method):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and method in rule.methods:
            yield rule


def _arg_values(rule, records, data):
    """Each URL argument: the fixture record's value, or a random one."""
    known = {**{k: records[k] for k in rule.arguments if k in records},
             **records["overrides"].get(rule.endpoint, {})}
    result = {}
    for name in rule.arguments:
        numeric = isinstance(rule._converters.get(name), IntegerConverter)
        random = (st.integers(0, 2**31) if numeric
                  else st.text(st.characters(exclude_characters="/\x00"), min_size=1,
                               max_size=30))
        if name in known:
            result[name] = data.draw(st.one_of(st.just(known[name]), random), label=name)
        else:
            result[name] = data.draw(random, label=name)
    return result


def _build(rule, args):
    return rule.build(args, append_unknown=False)[1]


def _fields_of(html: str, *, post: bool) -> set[str]:
    names = set()
    for attributes, inner in FORM.findall(html):
        is_post = 'method="post"' in attributes.lower()
        if is_post == post:
            names |= set(FIELD.findall(inner))
    return names - {"csrf_token"}


def _discover(client, app, records, blueprint=None):
    """Field names of every form, per endpoint (from the page at the same URL) and overall."""
    per_endpoint: dict[str, set[str]] = {}
    get_fields: dict[str, set[str]] = {}
    pool: set[str] = set(COMMON_FIELDS)
    for rule in _rules(app, "GET"):
        if not all(a in records for a in rule.arguments) or (
                blueprint and not rule.endpoint.startswith(blueprint + ".")):
            continue
        values_ = {k: records[k] for k in rule.arguments}
        values_.update(records["overrides"].get(rule.endpoint, {}))
        response = client.get(_build(rule, values_))
        response.close()
        if response.status_code != 200 or "html" not in (response.content_type or ""):
            continue
        html = response.get_data(as_text=True)
        post_fields = _fields_of(html, post=True)
        pool |= post_fields
        per_endpoint[rule.endpoint] = post_fields
        get_fields[rule.endpoint] = _fields_of(html, post=False)
    return per_endpoint, get_fields, sorted(pool)


def _post(client, url, pairs):
    body = urlencode([(k, v) for k, v in pairs], doseq=False)
    return client.post(url, data=body, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_every_form_survives_random_input(app, db, admin_client, fuzz_records, error_log,
                                          blueprint):
    client = admin_client
    rules = sorted((r for r in _rules(app, "POST") if r.endpoint not in SKIP_POST
                    and r.endpoint.startswith(blueprint + ".")), key=lambda r: r.rule)
    if not rules:
        pytest.skip(f"{blueprint} has no forms")
    per_endpoint, _, pool = _discover(client, app, fuzz_records, blueprint)
    failures: dict[tuple, str] = {}

    @_settings(len(rules))
    @given(data=st.data())
    def run(data):
        rule = data.draw(st.sampled_from(rules), label="route")
        url = _build(rule, _arg_values(rule, fuzz_records, data))
        own = sorted(per_endpoint.get(rule.endpoint, ()))
        names = data.draw(st.lists(st.sampled_from(own or pool), max_size=12)
                          if own else st.lists(st.sampled_from(pool), max_size=6), label="names")
        if own and data.draw(st.booleans(), label="all fields"):
            names = own + names
        pairs = [(name, data.draw(values(), label=name)) for name in names]
        htmx = data.draw(st.booleans(), label="htmx")
        before = row_counts(db)
        count = len(error_log.records)
        response = _post(client, url, pairs) if not htmx else client.post(
            url, data=urlencode(pairs), content_type="application/x-www-form-urlencoded",
            headers={"HX-Request": "true"})
        after = row_counts(db)
        tally.tried["forms"] += 1
        problem = broken(response)
        written = changed_tables(before, after) - INCIDENTAL
        if not problem and response.status_code >= 400 and written:
            problem = f"refused ({response.status_code}) but wrote {sorted(written)}"
        if not problem and response.status_code == 200 and written \
                and "audit_event" not in written:
            problem = f"wrote {sorted(written)} without an audit-trail row"
        if problem:
            tally.got_through["forms"] += 1
            trace = error_log.last() if len(error_log.records) > count else ""
            key = (rule.endpoint, problem.split("(")[0], trace.strip().rsplit("\n", 1)[-1])
            failures.setdefault(key, f"POST {rule.endpoint} {url}: {problem}\n  fields "
                                f"{[(k, repr(v)[:80]) for k, v in pairs]}\n  {trace}")
        if response.status_code == 302 and "/login" in response.headers.get("Location", ""):
            client.sign_in()
        db.session.rollback()

    run()
    assert not failures, _report(failures)


QUERY_NAMES = ["page", "per_page", "q", "sort", "order", "status", "year", "unit_id",
               "process_id", "owner_id", "type", "kind", "from", "to", "state", "filter",
               "lang", "next", "format", "tab", "process", "unit", "month", "saved",
               "trainee", "issue", "person", "indicator", "audit", "nc", "document", "version",
               "date", "due", "overdue", "mine", "open", "category", "role", "active"]


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_every_page_survives_random_query_parameters(app, db, admin_client, fuzz_records,
                                                     error_log, blueprint):
    client = admin_client
    kind = "query parameters"
    _, get_fields, _ = _discover(client, app, fuzz_records, blueprint)
    rules = sorted((r for r in _rules(app, "GET") if r.endpoint in get_fields
                    and r.endpoint not in {"auth.logout", "auth.language"}),
                   key=lambda r: r.rule)
    if not rules:
        pytest.skip(f"{blueprint} has no pages")
    failures: dict[tuple, str] = {}
    _boundary_sweep(client, db, rules, get_fields, fuzz_records, error_log, failures)

    @_settings(len(rules), 3)
    @given(data=st.data())
    def run(data):
        rule = data.draw(st.sampled_from(rules), label="route")
        args = {k: fuzz_records[k] for k in rule.arguments}
        args.update(fuzz_records["overrides"].get(rule.endpoint, {}))
        names = sorted(get_fields[rule.endpoint]) + QUERY_NAMES
        chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=8),
                           label="names")
        pairs = [(name, data.draw(values(), label=name)) for name in chosen]
        before = row_counts(db)
        count = len(error_log.records)
        query = urlencode(pairs)
        response = client.get(f"{_build(rule, args)}?{query}")
        response.close()
        after = row_counts(db)
        tally.tried[kind] += 1
        problem = broken(response)
        written = changed_tables(before, after) - INCIDENTAL
        if not problem and written:
            problem = f"a GET wrote {sorted(written)}"
        if problem:
            tally.got_through[kind] += 1
            trace = error_log.last() if len(error_log.records) > count else ""
            key = (rule.endpoint, problem.split("[")[0], trace.strip().rsplit("\n", 1)[-1])
            failures.setdefault(key, f"GET {rule.endpoint} ?{query[:300]}: {problem}\n  "
                                f"{trace}")
        db.session.rollback()

    run()
    assert not failures, _report(failures)


BOUNDARY = ["9" * 30, "-1", "0", "\x00" + "x" * 3000, "31.02.2026"]


def _boundary_sweep(client, db, rules, get_fields, records, error_log, failures):
    """Deterministic sweep next to the random one: each page with all its filter parameters
    set at once to one boundary value (a number beyond 64 bits, negative, zero, a NUL with
    3000 characters, an impossible date)."""
    for rule in rules:
        args = {k: records[k] for k in rule.arguments}
        args.update(records["overrides"].get(rule.endpoint, {}))
        names = sorted(get_fields[rule.endpoint] | {"page", "per_page", "year", "process",
                                                      "unit", "month", "q"})
        for value in BOUNDARY:
            count = len(error_log.records)
            url = f"{_build(rule, args)}?{urlencode([(n, value) for n in names])}"
            response = client.get(url)
            response.close()
            tally.tried["query parameters"] += 1
            problem = broken(response)
            if problem:
                tally.got_through["query parameters"] += 1
                trace = error_log.last() if len(error_log.records) > count else ""
                failures.setdefault((rule.endpoint, trace[-80:]),
                                    f"GET {url[:200]}: {problem}\n  {trace}")
            db.session.rollback()
