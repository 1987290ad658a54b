"""From detections to safe text: operators (one per file) applied by the Masker per policy."""
