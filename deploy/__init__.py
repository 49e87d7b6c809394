"""Serving the app: several Streamlit processes behind nginx, a container, Kubernetes."""
