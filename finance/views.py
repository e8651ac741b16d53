def overview(r): pass
def import_actuals(r): pass
def project_finance(r, pk): pass
