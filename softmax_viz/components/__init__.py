"""Custom Streamlit components: a small Python wrapper each, with plain JavaScript and CSS in
``assets/`` (declared as the components' asset directory in pyproject.toml, no build step)."""
