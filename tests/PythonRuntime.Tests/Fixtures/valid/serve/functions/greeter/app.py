def init(context, greeting):
    context.greeting = greeting


def handler(context, event):
    return {'message': context.greeting}
