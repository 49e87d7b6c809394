"""The message catalog: complete in both languages, placeholders consistent, user text escaped."""

import ast
import re
import string
from pathlib import Path

import pytest

from softmax_viz.i18n import CATALOG, LANGUAGES, escape_markdown, language_from_locale, t

VIEWS = Path(__file__).resolve().parent.parent / "softmax_viz" / "views"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_message_exists_in_both_languages_with_the_same_placeholders(key):
    entry = CATALOG[key]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert placeholders(entry["en"]) == placeholders(entry["ja"])


def literal_keys_used_by_views() -> set[str]:
    keys = set()
    for path in VIEWS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in {"tr", "tr_plain"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.add(node.args[0].value)
    return keys


def test_every_literal_key_the_views_use_is_in_the_catalog():
    used = literal_keys_used_by_views()
    assert len(used) > 50
    assert used - set(CATALOG) == set()


def test_dynamic_keys_the_views_build_are_in_the_catalog():
    from softmax_viz import presets

    names = [*presets.LOGITS_PRESETS, *presets.OVERFLOW_PRESETS, *presets.GRADIENT_PRESETS]
    names += list(presets.BATCH_PRESETS)
    keys = {f"preset_{name}" for name in names}
    keys |= {f"step_{s}" for s in ("input", "max", "shifted", "exp", "sum", "quotient")}
    keys |= {
        f"event_{e}{suffix}"
        for e in ("overflow", "underflow", "invalid", "divide")
        for suffix in ("", "_why")
    }
    keys |= {f"axis_{a}_explained" for a in ("None", "0", "1")}
    keys |= {f"route_{r}_{part}" for r in ("constant", "divide", "expanded") for part in ("title", "text")}
    keys |= {f"{kind}_heading" for kind in ("naive", "stable")}
    keys |= {f"scalar_{name}" for name in ("max", "sum")}
    assert keys - set(CATALOG) == set()


@pytest.mark.parametrize(
    "hostile",
    [
        "**bold**",
        "[link](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "$x^2$",
        "`code`",
        "a_b_c",
    ],
)
def test_parameters_are_escaped_so_user_text_shows_literally(hostile):
    message = t("input_bad_token", "en", token=hostile, position=1)
    escaped = escape_markdown(hostile)
    assert escaped in message
    # Every Markdown/HTML/LaTeX metacharacter of the user's text is preceded by a backslash.
    assert not re.search(r"(?<!\\)[*\[\]<>$`_]", escaped)


@pytest.mark.parametrize(
    ("locale", "language"),
    [("ja", "ja"), ("ja-JP", "ja"), ("en-US", "en"), ("de-DE", "en"), (None, "en"), ("", "en")],
)
def test_language_follows_the_browser_locale(locale, language):
    assert language_from_locale(locale) == language
