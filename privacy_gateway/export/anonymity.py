"""k-anonymity and distinct ℓ-diversity over the declared quasi-identifiers, by global recoding.

    frequency_table(frame, request)          rows per (base quasi-identifiers, sensitive value, subject)
    merge_frequencies(tables)                sum of per-partition tables
    make_plan(freq, request, hierarchies)    levels per quasi-identifier + the classes to suppress
    apply_plan(frame, plan, request, ...)    generalised, suppressed, exported columns only

The plan is computed from the frequency table alone, on the driver, by the same function for every
engine: the local engine and the Spark job differ only in how they count.

Class size is the number of distinct *subjects* in the class, not of rows: the dataset carries subject
pseudonyms, so ten records of one person in a class would single that person out as surely as one.

Search (Datafly, Sweeney 2002): start with every quasi-identifier at its finest level; while the rows in
equivalence classes that break the thresholds (< k subjects, or fewer than ℓ distinct sensitive values)
exceed the suppression budget (``max_suppression`` × rows), raise the quasi-identifier with the most
distinct labels one level (ties: declaration order). Then suppress the breaking classes whole. Every
class left has ≥ k subjects (so ≥ k rows) and ≥ ℓ distinct sensitive values; when all quasi-identifiers
are at ``*`` and the one class left still breaks a threshold, everything is suppressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from privacy_gateway.export.hierarchies import Hierarchy, label_map
from privacy_gateway.export.schemas import ExportRequest
from privacy_gateway.export.transform import base_column

COUNT = "_count"
SENSITIVE = "_sensitive"
SUBJECT = "subject"
KEY_SEP = "\x1f"


def frequency_table(frame: pd.DataFrame, request: ExportRequest) -> pd.DataFrame:
    columns = [base_column(q) for q in request.quasi]
    table = frame[columns].copy()
    table[SENSITIVE] = (
        frame[request.sensitive_column].fillna("").astype(str) if request.sensitive_column else ""
    )
    table[SUBJECT] = frame[SUBJECT]
    return table.groupby([*columns, SENSITIVE, SUBJECT], sort=True).size().rename(COUNT).reset_index()


def merge_frequencies(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    frames = [t for t in tables if len(t)]
    if not frames:
        return pd.DataFrame(columns=[COUNT])
    keys = [c for c in frames[0].columns if c != COUNT]
    return pd.concat(frames).groupby(keys, sort=True)[COUNT].sum().reset_index()


@dataclass(frozen=True)
class Plan:
    levels: tuple[tuple[str, int], ...]  # (quasi-identifier, level index)
    suppressed: frozenset[str]  # class keys (labels joined by KEY_SEP) whose rows are dropped
    rows_in: int
    rows_out: int
    suppressed_k: int  # rows of classes with fewer than k subjects
    suppressed_l: int  # rows of classes with >= k subjects but fewer than ℓ sensitive values
    k_achieved: int | None  # fewest subjects in an exported class
    l_achieved: int | None

    def level_names(self, hierarchies: Mapping[str, Hierarchy]) -> dict[str, str]:
        return {q: hierarchies[q].levels[level] for q, level in self.levels}


def class_keys(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One string per row identifying its equivalence class (vectorised concatenation)."""
    keys = frame[columns[0]].astype(str)
    for column in columns[1:]:
        keys = keys + KEY_SEP + frame[column].astype(str)
    return keys


def _labels(freq: pd.DataFrame, quasi: str, hierarchy: Hierarchy, level: int) -> pd.Series:
    column = freq[base_column(quasi)]
    return column.map(label_map(hierarchy, column.unique(), level))


def _classes(
    freq: pd.DataFrame, levels: Mapping[str, int], hierarchies: Mapping[str, Hierarchy]
) -> pd.DataFrame:
    labelled = pd.DataFrame({q: _labels(freq, q, hierarchies[q], lv) for q, lv in levels.items()})
    labelled["_key"] = class_keys(labelled, list(levels))
    labelled[COUNT] = freq[COUNT].to_numpy()
    labelled[SENSITIVE] = freq[SENSITIVE].to_numpy()
    labelled[SUBJECT] = freq[SUBJECT].to_numpy()
    grouped = labelled.groupby("_key", sort=True)
    return pd.DataFrame(
        {
            "size": grouped[COUNT].sum(),
            "subjects": grouped[SUBJECT].nunique(),
            "distinct": grouped[SENSITIVE].nunique(),
        }
    )


def make_plan(freq: pd.DataFrame, request: ExportRequest, hierarchies: Mapping[str, Hierarchy]) -> Plan:
    levels = dict.fromkeys(request.quasi, 0)
    total = int(freq[COUNT].sum()) if len(freq) else 0
    budget = int(request.max_suppression * total)
    l_min = request.l or 1
    while True:
        classes = (
            _classes(freq, levels, hierarchies)
            if total
            else pd.DataFrame({"size": [], "subjects": [], "distinct": []})
        )
        small = classes["subjects"] < request.k
        narrow = ~small & (classes["distinct"] < l_min)
        breaking = int(classes.loc[small | narrow, "size"].sum())
        raisable = [q for q in request.quasi if levels[q] < hierarchies[q].top]
        if breaking <= budget or not raisable:
            break
        widths = {q: _labels(freq, q, hierarchies[q], levels[q]).nunique() for q in raisable}
        levels[max(raisable, key=lambda q: (widths[q], -request.quasi.index(q)))] += 1
    kept = classes[~(small | narrow)]
    return Plan(
        levels=tuple(levels.items()),
        suppressed=frozenset(classes.index[small | narrow]),
        rows_in=total,
        rows_out=int(kept["size"].sum()),
        suppressed_k=int(classes.loc[small, "size"].sum()),
        suppressed_l=int(classes.loc[narrow, "size"].sum()),
        k_achieved=int(kept["subjects"].min()) if len(kept) else None,
        l_achieved=int(kept["distinct"].min()) if len(kept) and request.sensitive_column else None,
    )


def apply_plan(
    frame: pd.DataFrame, plan: Plan, request: ExportRequest, hierarchies: Mapping[str, Hierarchy]
) -> pd.DataFrame:
    """Generalise the quasi-identifiers, drop suppressed classes, keep only the exported columns."""
    out = pd.DataFrame(index=frame.index)
    out["subject"] = frame["subject"]
    for quasi, level in plan.levels:
        column = frame[base_column(quasi)]
        out[quasi] = column.map(label_map(hierarchies[quasi], column.unique(), level))
    for column in request.extra_columns:
        out[column] = frame[column]
    out["text"] = frame["text"]
    if plan.suppressed and len(out):
        keys = class_keys(out, list(request.quasi))
        out = out[~keys.isin(plan.suppressed)]
    return out.sort_values(list(request.output_columns), na_position="first", kind="stable").reset_index(
        drop=True
    )
