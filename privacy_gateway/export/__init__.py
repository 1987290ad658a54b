"""De-identified datasets for analysts: the export use-case and the pure transform every engine shares.

    service.ExportService      consent gate -> engine -> manifest -> audit (the use-case)
    schemas.ExportRequest      purpose, format, quasi-identifiers, k, ℓ, residual mode, link key
    engine.LocalEngine         pandas, one process; jobs.spark_engine.SparkEngine runs the same phases
    transform / anonymity      the row phase and the k-anonymity/ℓ-diversity plan (pure)
    hierarchies / facts        generalisation levels; amount and place facts hoisted out of the text
    pseudonyms                 per-dataset (or named link) keys and subject pseudonyms
    writers / manifest         parquet, csv, jsonl files and manifest.json with their SHA-256

See docs/export.md for the privacy argument.
"""
