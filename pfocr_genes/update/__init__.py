"""``pfocr-genes data update|status|use``: a current snapshot built on the user's machine.

:mod:`.updater` runs an update (download, check, build, switch), :mod:`.sources` says what
to download, :mod:`.downloads` fetches resumably, :mod:`.source_files` checks and reads the
downloads, :mod:`.rebuild` builds the new snapshot with the builder's functions and
:mod:`.carry_over` keeps what the downloads cannot give, :mod:`.status` reports and switches.
Nothing here runs while figures are normalized.
"""
