"""The checks of the officers' narrative files (``narrative/*.yaml``) that the schema cannot
see: the board and the measure groups they name exist, the file's name matches its meeting, the
month lies in the plan's period, recommendations are not empty, appendices are distinct files
inside the plan folder, and links go only to web pages. The file's model is
:mod:`g2g.plan.narrative`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from g2g.diagnostics import Diagnostic
from g2g.plan.markdown import bad_links
from g2g.plan.model_plan import PlanFile
from g2g.plan.narrative import NarrativeFile, markdown_texts
from g2g.plan.sink import Sink
from g2g.words import did_you_mean

__all__ = ["check_narrative"]


def check_narrative(
    path: str,
    data: Any,
    model: NarrativeFile,
    plan: PlanFile,
    folder: Path,
    groups: list[str],
) -> list[Diagnostic]:
    """What the schema cannot see in one narrative file."""
    sink = Sink(path, data)
    boards = [b.id for b in plan.plan.boards]
    if model.board not in boards:
        hint = did_you_mean(model.board, boards)
        sink.error(
            ("board",),
            f"board '{model.board}' is not in plan.boards{hint} - use one of: "
            f"{', '.join(boards) or 'none (add plan.boards)'}",
            code="narrative-unknown-board",
        )
    stem = Path(path).stem
    expected = f"{model.board}-{model.meeting.isoformat()}"
    if stem != expected and model.board in boards:
        sink.warning(
            ("meeting",),
            f"the file is named '{stem}' but holds the {model.board} meeting of "
            f"{model.meeting.isoformat()} - name it {expected}.yaml so the paper finds it",
            code="narrative-file-name",
        )
    if not plan.plan.period.start <= model.month <= plan.plan.period.end:
        sink.warning(
            ("month",),
            f"month {model.month} is outside the plan's period "
            f"({plan.plan.period.start} to {plan.plan.period.end}) - check the month",
            code="narrative-month-outside-plan",
        )
    for name in model.analysis:
        if name not in groups:
            hint = did_you_mean(name, groups)
            listing = ", ".join(groups) or "none (measures.yaml has no groups)"
            sink.error(
                ("analysis", name),
                f"analysis for '{name}', but no measure has that group{hint} - use one of: "
                f"{listing}",
                code="narrative-unknown-group",
                key=True,
            )
    for index, text in enumerate(model.recommendations):
        if not text.strip():
            sink.error(
                ("recommendations", index),
                "this recommendation is empty - write what the meeting is asked to do",
                code="narrative-empty-recommendation",
            )
    _check_appendices(sink, model, folder)
    _check_links(sink, model)
    return sink.out


def _check_appendices(sink: Sink, model: NarrativeFile, folder: Path) -> None:
    """Each appendix: an id of its own, and (unless it is the tracker) a file that exists inside
    the plan folder."""
    seen: set[str] = set()
    for index, appendix in enumerate(model.appendices):
        if appendix.id in seen:
            sink.error(
                ("appendices", index, "id"),
                f"appendix '{appendix.id}' is listed twice - give each appendix its own id",
                code="narrative-duplicate-appendix",
            )
        seen.add(appendix.id)
        if appendix.file is None and not appendix.tracker:
            sink.error(
                ("appendices", index),
                f"appendix '{appendix.id}' has no file - add file: (a path in the plan "
                "folder) or tracker: true",
                code="narrative-appendix-no-file",
            )
        if appendix.file is not None:
            target = (folder / appendix.file).resolve()
            inside = target.is_relative_to(folder.resolve())
            if not inside or not target.is_file():
                why = "is outside the plan folder" if not inside else "does not exist"
                sink.error(
                    ("appendices", index, "file"),
                    f"appendix file '{appendix.file}' {why} - give a file in the plan "
                    "folder, relative to it (e.g. appendices/ofsted-letter.md)",
                    code="narrative-appendix-missing",
                )


def _check_links(sink: Sink, model: NarrativeFile) -> None:
    """An error for each link in the narrative's Markdown that is not to an http(s) address."""
    for loc, text in markdown_texts(model):
        for link in bad_links(text):
            sink.error(
                loc,
                f"the link to '{link}' is not an http(s) address - link only to web pages "
                "(https://...); the paper shows other links as plain text",
                code="narrative-unsafe-link",
            )
