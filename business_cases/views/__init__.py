from . import briefs, cases, money, workflow

__all__ = ["briefs", "cases", "money", "workflow"]
