"""``g2g lsp``: the language server for plan files, over stdin and stdout."""

from g2g.cli.app import app


@app.command()
def lsp() -> None:
    """Run the language server for plan files (for editors), over stdin and stdout.

    Editors start it themselves: it shows validate's problems while you type, with the
    challenges to the month's ratings, and gives hover, completion, go to definition, find
    references, the outline and the "did you mean" quick fix. It reads the plan files and
    never writes them. Set-up for VS Code, Neovim, Helix and Emacs: docs/lsp.md.

    Examples:

      g2g lsp
    """
    # pygls is imported here, when the server starts: no other command pays for it.
    from g2g.lsp.server import main

    main()
