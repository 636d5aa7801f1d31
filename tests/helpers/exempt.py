"""Whether a reader can work out a withheld budget figure from the public finance table: exact
linear algebra over the rationals."""

from __future__ import annotations

from fractions import Fraction

from g2g.plan.exempt import FINANCE_FIGURES, OTHER_LINES
from g2g.plan.model_finance import FinancePeriod


def rank(rows: list[list[Fraction]]) -> int:
    """The rank of a matrix over the rationals (Gaussian elimination, exact)."""
    matrix = [list(r) for r in rows if any(r)]
    rank = 0
    columns = len(matrix[0]) if matrix else 0
    for c in range(columns):
        pivot = next((i for i in range(rank, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for i in range(len(matrix)):
            if i != rank and matrix[i][c] != 0:
                factor = matrix[i][c] / matrix[rank][c]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[rank], strict=True)]
        rank += 1
    return rank


def derivable_cells(original: FinancePeriod, shown: FinancePeriod | None) -> list[str]:
    """The withheld cells a reader can compute from the printed table.

    Unknowns: every figure of every original line that the public table does not print as its
    own line. Equations a reader knows: each column's lines sum to the total (when printed),
    each printed combined line is the sum of the lines it hides, and each line's variance is
    forecast (or outturn) less budget plus reserves. A withheld cell is derivable exactly when
    its unit vector lies in the row space of the equations restricted to the unknowns."""
    if shown is None:
        return []
    printed = {x.name for x in shown.lines if x.name != OTHER_LINES}
    unknown = [
        (i, f)
        for i, x in enumerate(original.lines)
        if x.name not in printed
        for f in FINANCE_FIGURES
        if getattr(x, f) is not None
    ]
    index = {cell: n for n, cell in enumerate(unknown)}
    equations: list[list[Fraction]] = []

    def equation(cells: list[tuple[tuple[int, str], int]]) -> None:
        row = [Fraction(0)] * len(unknown)
        for cell, sign in cells:
            if cell in index:
                row[index[cell]] += sign
        equations.append(row)

    for figure in FINANCE_FIGURES:
        if getattr(shown.total, figure) is not None:
            equation([((i, figure), 1) for i in range(len(original.lines))])
    for x in shown.lines:
        if x.name == OTHER_LINES:
            hidden = [i for i, o in enumerate(original.lines) if o.name not in printed]
            for figure in FINANCE_FIGURES:
                if getattr(x, figure) is not None:
                    equation([((i, figure), 1) for i in hidden])
    for i, _ in enumerate(original.lines):
        spend = "forecast" if original.lines[i].forecast is not None else "outturn"
        signs = {"variance": 1, spend: -1, "revised_budget": 1, "use_of_reserves": -1}
        equation([((i, figure), sign) for figure, sign in signs.items()])
    base = rank(equations) if equations else 0
    found = []
    for (i, figure), n in index.items():
        if original.lines[i].exempt is None:
            continue
        unit = [Fraction(int(k == n)) for k in range(len(unknown))]
        if rank([*equations, unit]) == base:
            found.append(f"{original.lines[i].name}.{figure}")
    return found
