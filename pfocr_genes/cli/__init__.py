"""The ``pfocr-genes`` command line: ``entry`` (the console script: signal handlers before
anything heavy loads), ``commands`` (argument parsing and the subcommands), ``batch`` (records
in parallel, results in input order), ``output`` (files written atomically, never over an
input), ``interrupts`` (Ctrl-C and ``kill`` end a run cleanly), ``review`` (the curator's HTML
report). Nothing is imported here: the console script imports this package before its
handlers are installed."""
