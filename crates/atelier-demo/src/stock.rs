//! A demo stock room: suppliers, a parts catalogue with references, barcodes,
//! bins and reorder points, and the receipts and corrections that put stock
//! on the shelves. Written through the same functions as the screens.

use serde::Serialize;

use super::rng::Rng;
use atelier_core::stock::{
    self, Adjustment, PartInput, Receipt, SupplierInput, create_part, create_supplier,
    link_supplier, set_category_markup,
};
use atelier_core::{Db, Result};
use atelier_domain::Locale;

/// Parts written per transaction.
const BATCH: u32 = 1_000;

/// What [`add_parts`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StockSummary {
    /// Suppliers.
    pub suppliers: u32,
    /// Catalogue parts.
    pub parts: u32,
    /// Stock movements.
    pub movements: u32,
}

/// (category, markup %, reference prefix, unit, descriptions, brands)
type Family = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const FAMILIES: [Family; 8] = [
    (
        "Filtres",
        "45",
        "FI",
        "piece",
        &[
            "Filtre à huile",
            "Filtre à air",
            "Filtre d’habitacle",
            "Filtre à gazole",
        ],
        &["Purflux", "Mann-Filter", "Bosch", "Mahle"],
    ),
    (
        "Freinage",
        "40",
        "FR",
        "set",
        &[
            "Plaquettes de frein avant",
            "Plaquettes de frein arrière",
            "Disques de frein avant",
            "Kit mâchoires arrière",
        ],
        &["Bosch", "TRW", "Brembo", "Ferodo"],
    ),
    (
        "Huiles et fluides",
        "35",
        "HU",
        "litre",
        &[
            "Huile moteur 5W30",
            "Huile moteur 0W20",
            "Liquide de refroidissement",
            "Liquide de frein DOT 4",
        ],
        &["Total", "Castrol", "Motul", "Elf"],
    ),
    (
        "Allumage",
        "50",
        "AL",
        "piece",
        &[
            "Bougie d’allumage",
            "Bougie de préchauffage",
            "Bobine d’allumage",
        ],
        &["NGK", "Bosch", "Denso", "Beru"],
    ),
    (
        "Distribution",
        "30",
        "DI",
        "set",
        &["Kit de distribution", "Pompe à eau", "Courroie accessoires"],
        &["Gates", "Continental", "SKF", "Dayco"],
    ),
    (
        "Éclairage",
        "60",
        "EC",
        "piece",
        &[
            "Ampoule H7",
            "Ampoule H4",
            "Ampoule W5W",
            "Feu arrière gauche",
        ],
        &["Osram", "Philips", "Valeo", "Hella"],
    ),
    (
        "Batteries",
        "25",
        "BA",
        "piece",
        &[
            "Batterie 70 Ah",
            "Batterie 60 Ah",
            "Batterie start-stop 80 Ah",
        ],
        &["Varta", "Exide", "Bosch", "Fulmen"],
    ),
    (
        "Essuyage",
        "55",
        "ES",
        "set",
        &[
            "Balais d’essuie-glace avant",
            "Balai d’essuie-glace arrière",
        ],
        &["Valeo", "Bosch", "Champion"],
    ),
];

const SUPPLIERS: [&str; 4] = [
    "Autodistribution Rhône",
    "Alliance Automotive",
    "Oscaro Pro",
    "Groupauto Lyon",
];

/// A valid EAN-13 in the in-store range (prefix 2), from 9 more digits.
fn ean(n: u64) -> String {
    let body = format!("200{:09}", n % 1_000_000_000);
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 { d * 3 } else { d }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// Adds suppliers and `parts` catalogue parts at this workstation's site,
/// a thousand per transaction: most with stock received at their supplier's
/// price, a third with a reorder point, a few corrected or below zero.
pub fn add_parts(db: &mut Db, now_ms: u64, seed: u64, parts: u32) -> Result<StockSummary> {
    let fr = Locale::Fr;
    let mut rng = Rng::new(seed);
    let mut summary = StockSummary::default();
    let suppliers = db.write(|tx| {
        for (category, markup, ..) in FAMILIES {
            set_category_markup(tx, now_ms, category, markup)?;
        }
        SUPPLIERS
            .iter()
            .map(|name| {
                create_supplier(
                    tx,
                    now_ms,
                    &SupplierInput {
                        name: Some((*name).to_owned()),
                        email: Some(format!(
                            "commandes@{}.example",
                            name.split(' ')
                                .next()
                                .unwrap_or("fournisseur")
                                .to_lowercase()
                        )),
                        ..SupplierInput::default()
                    },
                )
                .map(|s| s.id)
            })
            .collect::<Result<Vec<_>>>()
    })?;
    summary.suppliers = suppliers.len() as u32;
    let mut made = 0;
    while made < parts {
        let n = (parts - made).min(BATCH);
        db.write(|tx| {
            for i in made..made + n {
                let (category, _, prefix, unit, names, brands) = *rng.pick(&FAMILIES);
                let brand = *rng.pick(brands);
                let cost = rng.range(150, 18_000);
                let input = PartInput {
                    reference: Some(format!("{prefix}-{i:05}")),
                    oem_reference: rng
                        .percent(70)
                        .then(|| format!("{:010}", rng.next_u64() % 10_000_000_000)),
                    ean: rng.percent(80).then(|| ean(u64::from(i))),
                    brand: Some(brand.to_owned()),
                    description: Some(format!("{} {brand}", rng.pick(names))),
                    category: Some(category.to_owned()),
                    unit: Some(unit.to_owned()),
                    cost_price: Some(format!("{},{:02}", cost / 100, cost % 100)),
                    bin: Some(format!(
                        "{}-{:02}",
                        char::from(b'A' + rng.below(8) as u8),
                        1 + rng.below(20)
                    )),
                    reorder_point: rng.percent(33).then(|| format!("{}", 1 + rng.below(5))),
                    reorder_quantity: Some(format!("{}", 5 + rng.below(10))),
                    ..PartInput::default()
                };
                let part = create_part(tx, now_ms, None, &input, fr)?;
                let supplier = rng.pick(&suppliers);
                let price = cost * (90 + rng.below(20)) / 100;
                link_supplier(
                    tx,
                    now_ms,
                    part.id,
                    *supplier,
                    Some(&format!("{:06}", rng.below(1_000_000))),
                    &format!("{},{:02}", price / 100, price % 100),
                    true,
                    fr,
                )?;
                if rng.percent(75) {
                    stock::receive(
                        tx,
                        now_ms,
                        &Receipt {
                            part_id: part.id,
                            quantity: Some(format!("{}", 1 + rng.below(20))),
                            unit_cost: Some(format!("{},{:02}", price / 100, price % 100)),
                            ..Receipt::default()
                        },
                        fr,
                    )?;
                    summary.movements += 1;
                }
                if rng.percent(5) {
                    stock::adjust(
                        tx,
                        now_ms,
                        &Adjustment {
                            part_id: part.id,
                            quantity: Some(format!("-{}", 1 + rng.below(3))),
                            reason: Some("Casse à l’atelier".into()),
                            ..Adjustment::default()
                        },
                    )?;
                    summary.movements += 1;
                }
                summary.parts += 1;
            }
            Ok(())
        })?;
        made += n;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_demo_stock_room_has_parts_suppliers_and_stock() {
        let mut db = crate::test_db();
        // Every part passes the catalogue's rules, its barcode's check digit included.
        let s = add_parts(&mut db, 1_773_129_600_000, 3, 40).unwrap();
        assert_eq!((s.parts, s.suppliers), (40, 4));
        assert!(s.movements > 20);
        assert_eq!(stock::levels(db.conn(), None, 100, 0).unwrap().len(), 40);
        assert_eq!(ean(42), "2000000000428");
    }
}
