from . import baf, issues, register, transfer, workflow

__all__ = ["baf", "issues", "register", "transfer", "workflow"]
