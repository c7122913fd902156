def init(context, verbose=False):
    pass


def run(date, limit, source):
    return {'rows': limit}
