"""Domain errors of score sheets; views map them to 404 / 403 / 409 / 423."""


class SheetError(Exception):
    """Base of every score sheet error."""


class SheetNotFound(SheetError):
    """No sheet with that id."""


class NotAllowed(SheetError):
    """The user may not do this to this sheet."""


class StaleSheet(SheetError):
    """The sheet changed since the version the edit was based on."""

    def __init__(self, sheet_id: int, base_version: int, current_version: int) -> None:
        super().__init__(
            f"sheet {sheet_id} is at version {current_version}, the edit was based on version {base_version}"
        )
        self.sheet_id = sheet_id
        self.base_version = base_version
        self.current_version = current_version


class SheetLocked(SheetError):
    """The sheet is signed off; it must be reopened (with a reason) first."""


class SubmissionConflict(SheetError):
    """The submission id was already used for a different body."""

    def __init__(self, submission_id: object) -> None:
        super().__init__(f"submission {submission_id} was already used for a different body")
        self.submission_id = submission_id
