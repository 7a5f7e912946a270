//! Factur-X: a laid-out invoice turned into a PDF/A-3b that carries its
//! EN 16931 XML (UN/CEFACT CII) as the attached file `factur-x.xml`.
//!
//! What PDF/A-3b and Factur-X 1.0 ask of the file, beyond what [`crate::render`]
//! already does (every font embedded, no encryption, no JavaScript):
//! - an XMP metadata stream declaring `pdfaid:part` 3 and `pdfaid:conformance`
//!   B, the document's title, author, subject, producer and dates (the same
//!   in the Info dictionary), and the four Factur-X properties
//!   (`fx:DocumentType`, `fx:DocumentFileName`, `fx:Version`,
//!   `fx:ConformanceLevel`) with the extension schema that declares them;
//! - an output intent `GTS_PDFA1` with an ICC profile, since the pages paint
//!   in DeviceRGB: sRGB, `res/sRGB-v2-magic.icc` (CC0);
//! - the XML as an embedded file (`/Subtype /text#2Fxml`, its size and date)
//!   whose file specification has `/AFRelationship /Data`, listed in the
//!   catalogue's `/AF` array and in its `/Names /EmbeddedFiles` tree.
//!
//! lopdf edits the document printpdf wrote; the pages are not touched.

use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use crate::Error;

/// The sRGB profile of the output intent.
const SRGB_ICC: &[u8] = include_bytes!("../res/sRGB-v2-magic.icc");

/// The name Factur-X gives the attached XML.
pub const FACTURX_XML: &str = "factur-x.xml";

/// What the PDF says about itself, in the XMP and the Info dictionary.
#[derive(Debug, Clone)]
pub struct FacturX {
    /// The document's title, e.g. "Facture F-S1A-2026-000123".
    pub title: String,
    /// Who issued it: the workshop's name.
    pub author: String,
    /// One sentence on it, e.g. "Facture F-S1A-2026-000123 du 10/03/2026".
    pub subject: String,
    /// When it was issued, in UTC.
    pub issued: Instant,
    /// `INVOICE` for an invoice or a credit note (Factur-X 1.0 knows no other).
    pub document_type: &'static str,
    /// The Factur-X profile, as the XMP writes it: `EN 16931`.
    pub conformance_level: &'static str,
}

/// A moment in UTC, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instant {
    /// E.g. 2026.
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
    /// 0–59.
    pub second: u8,
}

impl Instant {
    /// `D:20260310080000+00'00'`, the PDF date format.
    fn pdf(self) -> String {
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `2026-03-10T08:00:00+00:00`, the XMP date format.
    fn xmp(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The PDF `pdf` (as [`crate::render`] wrote it) made a Factur-X: PDF/A-3b
/// with `xml` attached as `factur-x.xml`.
pub fn attach_xml(pdf: &[u8], xml: &[u8], about: &FacturX) -> Result<Vec<u8>, Error> {
    let broken = |e: lopdf::Error| Error::Pdf(e.to_string());
    let mut doc = Document::load_mem(pdf).map_err(broken)?;
    doc.version = "1.7".into();
    // A comment of four bytes above 127 on the second line (PDF/A 6.1.2).
    doc.binary_mark = vec![0xE2, 0xE3, 0xCF, 0xD3];

    let modified = Object::String(about.issued.pdf().into_bytes(), StringFormat::Literal);
    let mut params = Dictionary::new();
    params.set(
        "Size",
        Object::Integer(i64::try_from(xml.len()).unwrap_or(i64::MAX)),
    );
    params.set("ModDate", modified.clone());
    let mut file_dict = Dictionary::new();
    file_dict.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
    file_dict.set("Subtype", Object::Name(b"text/xml".to_vec()));
    file_dict.set("Params", Object::Dictionary(params));
    let mut file_stream = Stream::new(file_dict, xml.to_vec());
    file_stream.compress().map_err(broken)?;
    let file_id = doc.add_object(Object::Stream(file_stream));

    let name = || Object::String(FACTURX_XML.as_bytes().to_vec(), StringFormat::Literal);
    let mut ef = Dictionary::new();
    ef.set("F", Object::Reference(file_id));
    ef.set("UF", Object::Reference(file_id));
    let mut spec = Dictionary::new();
    spec.set("Type", Object::Name(b"Filespec".to_vec()));
    spec.set("F", name());
    spec.set("UF", name());
    spec.set(
        "Desc",
        Object::String(b"Factur-X invoice".to_vec(), StringFormat::Literal),
    );
    spec.set("AFRelationship", Object::Name(b"Data".to_vec()));
    spec.set("EF", Object::Dictionary(ef));
    let spec_id = doc.add_object(Object::Dictionary(spec));

    let mut icc_dict = Dictionary::new();
    icc_dict.set("N", Object::Integer(3));
    let mut icc = Stream::new(icc_dict, SRGB_ICC.to_vec());
    icc.compress().map_err(broken)?;
    let icc_id = doc.add_object(Object::Stream(icc));
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    let srgb = || Object::String(b"sRGB IEC61966-2.1".to_vec(), StringFormat::Literal);
    intent.set("OutputConditionIdentifier", srgb());
    intent.set("Info", srgb());
    intent.set("DestOutputProfile", Object::Reference(icc_id));

    let mut xmp_dict = Dictionary::new();
    xmp_dict.set("Type", Object::Name(b"Metadata".to_vec()));
    xmp_dict.set("Subtype", Object::Name(b"XML".to_vec()));
    // Left uncompressed, as XMP readers that scan for packets expect.
    let xmp_id = doc.add_object(Object::Stream(Stream::new(
        xmp_dict,
        xmp(about).into_bytes(),
    )));

    let mut info = Dictionary::new();
    let text = |s: &str| Object::String(pdf_text(s), StringFormat::Hexadecimal);
    info.set("Title", text(&about.title));
    info.set("Author", text(&about.author));
    info.set("Subject", text(&about.subject));
    info.set("Creator", text(PRODUCER));
    info.set("Producer", text(PRODUCER));
    info.set("CreationDate", modified.clone());
    info.set("ModDate", modified);
    let info_id = doc.add_object(Object::Dictionary(info));
    doc.trailer.set("Info", Object::Reference(info_id));
    if doc.trailer.get(b"ID").is_err() {
        let id = || Object::String(document_id(pdf, xml), StringFormat::Hexadecimal);
        doc.trailer.set("ID", Object::Array(vec![id(), id()]));
    }

    let catalog = doc.catalog_mut().map_err(broken)?;
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );
    catalog.set("AF", Object::Array(vec![Object::Reference(spec_id)]));
    let mut embedded = Dictionary::new();
    embedded.set(
        "Names",
        Object::Array(vec![name(), Object::Reference(spec_id)]),
    );
    let mut names = Dictionary::new();
    names.set("EmbeddedFiles", Object::Dictionary(embedded));
    catalog.set("Names", Object::Dictionary(names));
    catalog.set("PageMode", Object::Name(b"UseAttachments".to_vec()));

    let mut out = Vec::with_capacity(pdf.len() + xml.len() + 8_192);
    doc.save_to(&mut out)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    Ok(out)
}

/// The software named as the PDF's creator and producer.
const PRODUCER: &str = "Atelier";

/// A text string as PDF wants it: UTF-16BE with its byte-order mark.
fn pdf_text(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// A file identifier made from the content when the PDF has none: 16 bytes,
/// the same for the same PDF and XML.
fn document_id(pdf: &[u8], xml: &[u8]) -> Vec<u8> {
    // FNV-1a over both, twice with different seeds: an identifier, not a seal.
    let fnv = |seed: u64| {
        let mut h = seed;
        for b in pdf.iter().chain(xml) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    [fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4)]
        .iter()
        .flat_map(|h| h.to_be_bytes())
        .collect()
}

/// Escapes text for XML content.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet: PDF/A-3b identification, Dublin Core and the Factur-X
/// properties with their extension schema.
fn xmp(a: &FacturX) -> String {
    let property = |name: &str, description: &str| {
        format!(
            "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name>\
<pdfaProperty:valueType>Text</pdfaProperty:valueType>\
<pdfaProperty:category>external</pdfaProperty:category>\
<pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>"
        )
    };
    let date = a.issued.xmp();
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">
<pdfaid:part>3</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>
</rdf:Description>
<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">
<pdf:Producer>{producer}</pdf:Producer>
</rdf:Description>
<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">
<xmp:CreatorTool>{producer}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
</rdf:Description>
<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>{p1}{p2}{p3}{p4}</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about=\"\" xmlns:fx=\"urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#\">
<fx:DocumentType>{doc_type}</fx:DocumentType>
<fx:DocumentFileName>{file}</fx:DocumentFileName>
<fx:Version>1.0</fx:Version>
<fx:ConformanceLevel>{level}</fx:ConformanceLevel>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end=\"w\"?>",
        title = esc(&a.title),
        author = esc(&a.author),
        subject = esc(&a.subject),
        producer = PRODUCER,
        p1 = property("DocumentFileName", "The name of the embedded XML document"),
        p2 = property("DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"),
        p3 = property("Version", "The actual version of the standard applying to the embedded XML document"),
        p4 = property("ConformanceLevel", "The conformance level of the embedded XML document"),
        doc_type = a.document_type,
        file = FACTURX_XML,
        level = a.conformance_level,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about() -> FacturX {
        FacturX {
            title: "Facture F-1 <&>".into(),
            author: "Garage des Tilleuls".into(),
            subject: "Facture F-1".into(),
            issued: Instant {
                year: 2026,
                month: 3,
                day: 10,
                hour: 8,
                minute: 0,
                second: 0,
            },
            document_type: "INVOICE",
            conformance_level: "EN 16931",
        }
    }

    #[test]
    fn the_xml_is_attached_with_its_relationship_and_the_pdf_says_what_it_is() {
        let pdf = crate::render(&crate::Document {
            title: "Facture F-1".into(),
            page_label: "Page {n}/{total}".into(),
            ..crate::Document::default()
        })
        .unwrap();
        let xml = b"<rsm:CrossIndustryInvoice/>";
        let out = attach_xml(&pdf, xml, &about()).unwrap();
        assert!(out.starts_with(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3"));
        let doc = Document::load_mem(&out).unwrap();
        let catalog = doc.catalog().unwrap();
        let af = catalog.get(b"AF").unwrap().as_array().unwrap();
        let spec = doc.get_dictionary(af[0].as_reference().unwrap()).unwrap();
        assert_eq!(
            spec.get(b"AFRelationship").unwrap().as_name().unwrap(),
            b"Data"
        );
        let ef = spec.get(b"EF").unwrap().as_dict().unwrap();
        let file = doc
            .get_object(ef.get(b"F").unwrap().as_reference().unwrap())
            .unwrap()
            .as_stream()
            .unwrap();
        assert_eq!(file.decompressed_content().unwrap(), xml);
        let meta = doc
            .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
            .unwrap()
            .as_stream()
            .unwrap();
        let xmp = String::from_utf8(meta.content.clone()).unwrap();
        for wanted in [
            "<pdfaid:part>3</pdfaid:part>",
            "<pdfaid:conformance>B</pdfaid:conformance>",
            "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>",
            "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
            "Facture F-1 &lt;&amp;&gt;",
            "<xmp:CreateDate>2026-03-10T08:00:00+00:00</xmp:CreateDate>",
        ] {
            assert!(xmp.contains(wanted), "{wanted} missing from\n{xmp}");
        }
        assert!(catalog.get(b"OutputIntents").is_ok());
        assert!(doc.trailer.get(b"ID").is_ok());
    }

    #[test]
    fn a_file_that_is_not_a_pdf_is_refused() {
        assert!(matches!(
            attach_xml(b"not a pdf", b"<x/>", &about()),
            Err(Error::Pdf(_))
        ));
    }
}
