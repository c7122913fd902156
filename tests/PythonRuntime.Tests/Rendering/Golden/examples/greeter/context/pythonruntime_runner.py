# test stand-in for pythonruntime_runner.py
print('runner')
