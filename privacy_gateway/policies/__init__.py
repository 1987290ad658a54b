"""Masking policies: YAML files under policies/, validated at load into immutable models."""
