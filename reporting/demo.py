def load(partnership):
    return None
