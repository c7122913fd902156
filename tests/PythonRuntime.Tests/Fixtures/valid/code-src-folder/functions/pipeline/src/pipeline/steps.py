from .helpers import double


def run(x=1):
    return double(x)
