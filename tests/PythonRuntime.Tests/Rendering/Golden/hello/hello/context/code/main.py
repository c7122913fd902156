def handler(name='world'):
    return f'hello {name}'
