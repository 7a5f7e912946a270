//! Files written for people: the GDPR export of one customer, and CSV exports
//! of customers and vehicles (see [`crate::import`] for the columns).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use atelier_domain::{CustomerId, Locale};
use rusqlite::{Connection, Transaction};

use crate::customers::{self, CustomerKind};
use crate::files::{file_stem, write};
use crate::import::{COLUMN_COUNT, Column, fuel_word, gearbox_word};
use crate::vehicles::{Fuel, Gearbox};
use crate::{Error, Result};

/// How a customer's GDPR export is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerFormat {
    /// Every row, machine-readable: what portability asks for.
    Json,
    /// The readable summary, headed by the workshop.
    Pdf,
}

/// Writes everything held about customer `id` into `dir` as
/// `rgpd-<name>-<day>.json` or `.pdf` ([`crate::privacy::export`],
/// [`crate::privacy::summary`]) and journals the export by the customer's
/// id: the journal is chained and never rewritten, so it never holds a
/// name an anonymisation would have to erase. Answers where the file went.
pub fn customer(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: CustomerId,
    format: CustomerFormat,
    locale: Locale,
    dir: &Path,
) -> Result<PathBuf> {
    let doc = crate::privacy::export::document(tx, id, now_ms, locale)?;
    let name = customers::get_any(tx, id)?.display_name;
    let stem = format!("rgpd-{}-{}", file_stem(&name), crate::text::today(now_ms));
    let path = match format {
        CustomerFormat::Json => {
            let bytes = serde_json::to_vec_pretty(&doc).map_err(|_| Error::Corrupt("export"))?;
            write(dir, &format!("{stem}.json"), &bytes)?
        }
        CustomerFormat::Pdf => {
            let bytes = crate::privacy::summary::pdf(tx, &doc, locale)?;
            write(dir, &format!("{stem}.pdf"), &bytes)?
        }
    };
    let what = match format {
        CustomerFormat::Json => "json",
        CustomerFormat::Pdf => "pdf",
    };
    crate::journal::record(
        tx,
        now_ms,
        crate::journal::Code::Export,
        &format!("GDPR customer {id} ({what})"),
    )?;
    Ok(path)
}

/// Writes every active customer with their active vehicles as
/// `clients-YYYY-MM-DD.csv` in `dir`, in the very format [`crate::import`]
/// reads: one line per vehicle, a customer without vehicle on a line of its
/// own, so an export imports back into another database as it was.
pub fn customers_csv(conn: &Connection, now_ms: u64, dir: &Path) -> Result<PathBuf> {
    let owners = customers_where(conn, "deleted_at IS NULL ORDER BY sort_key, id")?;
    let mut by_owner: HashMap<String, Vec<VehicleCells>> = HashMap::new();
    for v in vehicle_cells(conn)? {
        by_owner.entry(v.customer_id.clone()).or_default().push(v);
    }
    let mut lines = Vec::new();
    for c in &owners {
        match by_owner.get(&c.id.to_string()) {
            Some(vehicles) => lines.extend(vehicles.iter().map(|v| csv_line(c, Some(v)))),
            None => lines.push(csv_line(c, None)),
        }
    }
    let name = format!("clients-{}.csv", crate::text::today(now_ms));
    write(dir, &name, &csv_file(dir, &name, &lines)?)
}

/// Writes every active vehicle, by plate, with its owner's columns as
/// `vehicules-YYYY-MM-DD.csv` in `dir`: the same columns as
/// [`customers_csv`], one line per vehicle.
pub fn vehicles_csv(conn: &Connection, now_ms: u64, dir: &Path) -> Result<PathBuf> {
    let owners: HashMap<String, customers::Customer> = customers_where(
        conn,
        "id IN (SELECT customer_id FROM vehicles WHERE deleted_at IS NULL)",
    )?
    .into_iter()
    .map(|c| (c.id.to_string(), c))
    .collect();
    let lines = vehicle_cells(conn)?
        .iter()
        .map(|v| {
            let owner = owners
                .get(&v.customer_id)
                .ok_or(Error::Corrupt("vehicles.customer_id"))?;
            Ok(csv_line(owner, Some(v)))
        })
        .collect::<Result<Vec<_>>>()?;
    let name = format!("vehicules-{}.csv", crate::text::today(now_ms));
    write(dir, &name, &csv_file(dir, &name, &lines)?)
}

fn customers_where(conn: &Connection, filter: &str) -> Result<Vec<customers::Customer>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM customers WHERE {filter}",
        customers::COLUMNS
    ))?;
    stmt.query_map([], customers::from_row)?
        .map(|c| c?)
        .collect()
}

/// A vehicle's cells in the file, as stored (fuel and gearbox in French).
struct VehicleCells {
    customer_id: String,
    cells: [Option<String>; VEHICLE_COLUMN_COUNT],
}

/// How many of the file's columns describe the vehicle.
const VEHICLE_COLUMN_COUNT: usize = COLUMN_COUNT - Column::Immatriculation as usize;

/// The vehicle columns, in the order of [`VehicleCells::cells`]: the tail of
/// the file's columns, from `immatriculation` on.
const VEHICLE_COLUMNS: &[Column] = Column::ALL.split_at(Column::Immatriculation as usize).1;

/// Every active vehicle with its latest reading, by plate.
fn vehicle_cells(conn: &Connection) -> Result<Vec<VehicleCells>> {
    let mut stmt = conn.prepare(
        "SELECT v.customer_id, v.plate, v.plate_kind, v.vin, v.make, v.model, v.version, v.engine_code,
                v.fuel, v.gearbox, v.colour, v.first_registration,
                (SELECT km FROM mileage_readings m WHERE m.vehicle_id = v.id
                  ORDER BY m.read_on DESC, m.created_at DESC LIMIT 1)
           FROM vehicles v WHERE v.deleted_at IS NULL ORDER BY v.sort_key, v.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let text = |i| r.get::<_, Option<String>>(i);
        Ok((
            r.get::<_, String>(0)?,
            [
                text(1)?,
                text(2)?.map(|kind| if kind == "foreign" { "oui" } else { "non" }.to_owned()),
                text(3)?,
                text(4)?,
                text(5)?,
                text(6)?,
                text(7)?,
                text(8)?,
                text(9)?,
                text(10)?,
                text(11)?,
                r.get::<_, Option<i64>>(12)?.map(|km| km.to_string()),
            ],
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (customer_id, mut cells) = row?;
        if let Some(fuel) = cells[7].take() {
            let fuel = Fuel::parse(&fuel).ok_or(Error::Corrupt("vehicles.fuel"))?;
            cells[7] = Some(fuel_word(fuel).to_owned());
        }
        if let Some(gearbox) = cells[8].take() {
            let gearbox = Gearbox::parse(&gearbox).ok_or(Error::Corrupt("vehicles.gearbox"))?;
            cells[8] = Some(gearbox_word(gearbox).to_owned());
        }
        out.push(VehicleCells { customer_id, cells });
    }
    Ok(out)
}

/// One line of the file: the customer's columns, then the vehicle's (blank
/// without one). Phones and SIRET keep their spaces, so a spreadsheet reads
/// them as text instead of mangling them into numbers.
fn csv_line(c: &customers::Customer, v: Option<&VehicleCells>) -> [String; COLUMN_COUNT] {
    let customer = |column| -> Option<String> {
        match column {
            Column::Type => Some(match c.kind {
                CustomerKind::Individual => "particulier".to_owned(),
                CustomerKind::Company => "société".to_owned(),
            }),
            Column::Civilite => c.civility.map(|c| c.as_str().to_owned()),
            Column::Prenom => c.first_name.clone(),
            Column::Nom => c.last_name.clone(),
            Column::Societe => c.company_name.clone(),
            Column::Siret => c.registration_display.clone(),
            Column::Tva => c.vat_number.clone(),
            Column::Telephone => c.phone_display.clone(),
            Column::Telephone2 => c.phone_alt_display.clone(),
            Column::Email => c.email.clone(),
            Column::Adresse => c.address_line1.clone(),
            Column::Complement => c.address_line2.clone(),
            Column::CodePostal => c.postal_code.clone(),
            Column::Ville => c.city.clone(),
            Column::Pays => Some(c.country.clone()),
            Column::Langue => Some(c.language.as_str().to_owned()),
            Column::ConsentementMarketing => {
                Some(if c.marketing_consent { "oui" } else { "non" }.to_owned())
            }
            Column::Notes => c.notes.clone(),
            vehicle => {
                let i = VEHICLE_COLUMNS.iter().position(|c| *c == vehicle)?;
                v.and_then(|v| v.cells[i].clone())
            }
        }
    };
    Column::ALL.map(|column| customer(column).unwrap_or_default())
}

/// The bytes of a CSV file as Excel in France opens it right: UTF-8 with a
/// BOM, `;` between fields, CRLF line ends, the header row first.
fn csv_file(dir: &Path, name: &str, lines: &[[String; COLUMN_COUNT]]) -> Result<Vec<u8>> {
    let failed = |e: csv::Error| Error::Export {
        path: dir.join(name),
        source: e.into(),
    };
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(Column::ALL.map(Column::name))
        .map_err(failed)?;
    for line in lines {
        out.write_record(line).map_err(failed)?;
    }
    out.into_inner().map_err(|e| Error::Export {
        path: dir.join(name),
        source: e.into_error(),
    })
}
