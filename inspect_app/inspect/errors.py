"""Domain errors of the scoring form; inspect_app/errors.py answers them (422, 409, 400)."""

from inspect_app.sheets.errors import SheetError, StaleSheet


class InvalidAnswers(SheetError):
    """Values the checklist refuses or unknown codes: nothing was stored (422 invalid)."""

    def __init__(self, errors: list[dict]) -> None:
        super().__init__(f"{len(errors)} value(s) refused")
        self.payload = {"errors": errors}


class IncompleteSheet(SheetError):
    """A sheet submitted with items unanswered (422 incomplete)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"{len(missing)} item(s) unanswered")
        self.payload = {"missing": missing}


class StaleAnswers(StaleSheet):
    """A stale save, carrying the sheet's current version and answers for the inspector to choose."""

    def __init__(self, stale: StaleSheet, answers: dict[str, dict]) -> None:
        super().__init__(stale.sheet_id, stale.base_version, stale.current_version)
        self.payload = {"current_version": stale.current_version, "base_version": stale.base_version,
                        "answers": answers}


class BadRequestBody(SheetError):
    """A body that is not what the call expects (400)."""


class NoSuchAssignee(SheetError):
    """The subject or user named for a self-assessment is not one that may take it."""
