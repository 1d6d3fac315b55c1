"""docs/api.md: the OpenAPI description (``GET /api/openapi.json``) rendered as Markdown,
made with cog (``cog -r docs/api.md``); a test fails when the file is out of date."""

from __future__ import annotations

REF = "#/components/schemas/"


def type_of(schema: dict | bool) -> str:
    """A schema in a few words: ``Person``, ``list of Face``, ``integer or null``."""
    if not isinstance(schema, dict):
        return "any"
    if "$ref" in schema:
        return schema["$ref"].removeprefix(REF)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(type_of(s) for s in schema[key])
    if schema.get("type") == "array":
        return f"list of {type_of(schema.get('items', {}))}"
    if "enum" in schema or "const" in schema:
        return " or ".join(f'"{v}"' for v in schema.get("enum", [schema.get("const")]))
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return f"object of {type_of(schema['additionalProperties'])}"
    return schema.get("type", "any")


def _answer(op: dict) -> str:
    for status, response in op["responses"].items():
        if status.startswith("2"):
            content = response.get("content", {})
            kinds = []
            for kind, body in content.items():
                schema = body.get("schema")
                kinds.append(f"`{kind}`" + (f" ({type_of(schema)})" if schema else ""))
            return f"{status}: " + (", ".join(kinds) if kinds else "no body")
    return ""


def _operation(method: str, path: str, op: dict) -> str:
    lines = [f"### `{method.upper()} {path}`", "", op.get("summary", ""), ""]
    params = op.get("parameters", [])
    if params:
        lines += ["| parameter | in | type | |", "|---|---|---|---|"]
        for p in params:
            text = p.get("description") or p.get("schema", {}).get("description", "")
            lines.append(f"| `{p['name']}` | {p['in']} | {type_of(p['schema'])} | {text} |")
        lines.append("")
    body = op.get("requestBody")
    if body:
        for kind, content in body["content"].items():
            lines.append(f"Body: `{kind}`, {type_of(content['schema'])}.")
        lines.append("")
    errors = sorted(s for s in op["responses"] if not s.startswith("2"))
    lines += [f"Answer: {_answer(op)}. Errors: {', '.join(errors)}.", ""]
    return "\n".join(lines)


def _schema(name: str, schema: dict) -> str:
    required = set(schema.get("required", []))
    lines = [f"### {name}", "", "| field | type | |", "|---|---|---|"]
    for field, spec in schema.get("properties", {}).items():
        note = "" if field in required else "optional"
        if spec.get("description"):
            note = f"{note}; {spec['description']}" if note else spec["description"]
        lines.append(f"| `{field}` | {type_of(spec)} | {note} |")
    return "\n".join(lines) + "\n"


def api_reference() -> str:
    """Markdown of every route and every schema of the description."""
    from albumfaces.web.app import routes_only
    from albumfaces.web.openapi import description

    doc = description(routes_only())
    parts = [doc["info"]["description"], "", "## Routes", ""]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            parts.append(_operation(method, path, op))
    parts += ["## Schemas", ""]
    for name, schema in sorted(doc["components"]["schemas"].items()):
        parts.append(_schema(name, schema))
    return "\n".join(parts)
