"""Batch jobs: the only package that imports pyspark (an import-linter contract holds the line)."""
