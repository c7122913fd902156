def handler(context, event):
    return {'path': event['path']}
