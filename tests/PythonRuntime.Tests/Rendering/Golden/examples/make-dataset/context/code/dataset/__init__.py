"""Synthetic datasets for the PythonRuntime examples."""
