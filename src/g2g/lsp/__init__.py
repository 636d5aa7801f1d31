"""``g2g lsp``: a Language Server Protocol server for plan files.

:mod:`g2g.lsp.workspace` keeps the plans the editor works on warm and finds what validate
finds, with the editor's unsaved text read in place of the files on disk; it knows nothing of
the protocol. :mod:`g2g.lsp.server` speaks the protocol (pygls) and is imported only by
``g2g lsp``, so no other command pays for it.
"""
