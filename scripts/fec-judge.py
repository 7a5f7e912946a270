#!/usr/bin/env python3
"""Reads a FEC with fec-parser (PyPI), an independent reader of the French
Fichier des Écritures Comptables, and prints what it found as JSON.

Run by crates/atelier-cli/tests/fec.rs in the virtual environment that
scripts/setup makes (target/venv). fec-parser detects the separator (| or
tab) and the encoding (UTF-8 or ISO 8859-15), reads the zones by their names
in the header, and refuses a line whose JournalCode, JournalLib, CompteNum,
CompteLib, EcritureLib, Debit or Credit is empty, whose EcritureDate is not
YYYYMMDD or whose amounts are not decimal numbers. Its own indicator code
sums each account (credit minus debit), which gives the revenue (70…) and
the output VAT (44571…) the test compares with Atelier's reports.

Exit 1 with the parser's findings when it refuses the file.
"""

import json
import sys
from decimal import Decimal

from fec_parser.indicators import FECIndicators
from fec_parser.parser import FECParser
from fec_parser.version import get_pcg_config


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def main(path: str) -> int:
    with open(path, "rb") as raw:
        parser = FECParser.from_bytesio(raw, filename=path)
        errors = parser.parse()
        if errors:
            print(json.dumps({"errors": [f"line {e.line}: {e.message}" for e in errors]}))
            return 1
        ecritures = list(parser.get_ecritures())
    indicators = FECIndicators(ecritures, config=get_pcg_config(year=2025))
    journals = {}
    for e in ecritures:
        debit, credit = journals.get(e.journal_code, (0, 0))
        journals[e.journal_code] = (debit + cents(e.debit), credit + cents(e.credit))
    print(
        json.dumps(
            {
                "errors": [],
                "delimiter": parser.dialect.delimiter,
                "lines": len(ecritures),
                "debit": sum(cents(e.debit) for e in ecritures),
                "credit": sum(cents(e.credit) for e in ecritures),
                "revenue": cents(indicators.compute_multiple_compte_sum("70")),
                "labour": cents(indicators.compute_multiple_compte_sum("706")),
                "parts": cents(indicators.compute_multiple_compte_sum("707")),
                "output_vat": cents(indicators.compute_multiple_compte_sum("44571")),
                "journals": journals,
                "dates": sorted({e.ecriture_date.isoformat() for e in ecritures}),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
