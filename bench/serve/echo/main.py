def handler(context, event):
    return event.body
