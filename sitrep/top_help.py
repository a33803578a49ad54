"""``sitrep --help``, as typer renders it 80 columns wide or more (see :mod:`sitrep.entry`).

Written by ``python -m sitrep.entry --write-help``; do not edit by hand."""

TEXT = (
    'Usage: sitrep [OPTIONS] COMMAND [ARGS]...\n'
    '\n'
    '  Humanitarian Flash Updates and Situation Reports from partner spreadsheets.\n'
    '\n'
    'Options:\n'
    '  --version             Show the version and exit.\n'
    '  --install-completion  Install completion for the current shell.\n'
    '  --show-completion     Show completion for the current shell, to copy it or\n'
    '                        customize the installation.\n'
    '  --help                Show this message and exit.\n'
    '\n'
    'Commands:\n'
    '  init      Create a report workspace: report.toml, the gazetteer and inputs/\n'
    '            with a blank intake workbook.\n'
    '  validate  Check intake files and list every problem with its cell. Exit 1 on\n'
    '            errors.\n'
    '  build     Validate, merge and render the report in every language and\n'
    '            format.\n'
    '  serve     Preview the HTML edition in a browser; it rebuilds and reloads\n'
    '            when an input changes.\n'
    '  history   List the issued reports of a workspace with their headline\n'
    '            figures.\n'
    '  next      Move report.toml to the next report: number + 1, new as-of date\n'
    '            and period end.\n'
    '  intake    Blank intake workbooks for partners.\n'
    '  template  Report templates: copy a shipped one to change its look and\n'
    '            sections.\n'
)
