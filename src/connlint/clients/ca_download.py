"""Where a trust anchor comes from: a command that downloads an RDS CA bundle.

``curl -o ca.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem``,
``wget …``, PowerShell's ``Invoke-WebRequest -Uri …`` and a Dockerfile's
``ADD <url> <dest>`` fetch the CA bundle that clients later verify against: the
file a CA rotation must update is made here (CL103), and a legacy bundle
(``rds-downloads/rds-combined-ca-bundle.pem``, ``rds-ca-2019-root.pem``) is
retired (CL104; :mod:`connlint.clients.ca_bundles` knows the names and URLs,
from https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html).
Pure knowledge over located argv; the shell and Dockerfile front-ends build it.
"""

from __future__ import annotations

from connlint.clients.ca_bundles import bundle_url
from connlint.clients.mysql_cli import program_name
from connlint.model import DYNAMIC, Assumptions, Candidate, Fact, FactKind, Resolution


def resolve(candidate: Candidate, assumptions: Assumptions) -> Resolution:
    """A TRUST_ANCHOR fact for each RDS CA bundle URL among the command's arguments."""
    if not candidate.argv:
        return Resolution()
    program = program_name(candidate.argv[0].text)
    facts: list[Fact] = []
    for word in candidate.argv[1:]:
        url = bundle_url(word.text)
        if url is None:
            continue
        start = word.text.index(url)
        location = word.locate(start, start + len(url))
        shown = url.replace(DYNAMIC, "…")  # a region from a variable
        facts.append(Fact(FactKind.TRUST_ANCHOR, location, program, shown, "downloaded CA bundle"))
    return Resolution(facts=facts)
