//! Entering parts and finding them again by whatever is at hand.

use atelier_domain::Quantity;

use super::*;

#[test]
fn a_part_keeps_every_field_of_its_form() {
    let mut db = fresh();
    let input = PartInput {
        reference: Some("FH-2201".into()),
        oem_reference: Some("1109.AY".into()),
        ean: Some("4006381333931".into()),
        brand: Some("Purflux".into()),
        description: Some("Filtre à huile".into()),
        category: Some("Filtres".into()),
        unit: Some("piece".into()),
        cost_price: Some("6,50".into()),
        sale_price: Some("12,90".into()),
        vat: Some("20".into()),
        bin: Some("B-12".into()),
        reorder_point: Some("4".into()),
        reorder_quantity: Some("10".into()),
        equivalents: Some(vec!["L358A".into(), "OC 1234".into()]),
        ..PartInput::default()
    };
    let part = db
        .write(|tx| create_part(tx, NOW, Some(main_site()), &input, FR))
        .unwrap();
    assert_eq!(part.cost.map(Money::cents), Some(650));
    assert_eq!(part.price.map(Money::cents), Some(1290));
    assert_eq!(part.vat.bp(), 2000);
    assert!(part.active);
    let page = part_page(db.conn(), &Actor::system(), part.id).unwrap();
    assert_eq!(page.sites[0].bin.as_deref(), Some("B-12"));
    assert_eq!(page.sites[0].reorder_point.map(Quantity::milli), Some(4000));
    assert_eq!(page.sites[0].reorder_qty.map(Quantity::milli), Some(10_000));
    assert_eq!(page.equivalents.len(), 2);
    assert!(
        count(&db, "outbox") >= 4,
        "part, site settings and both equivalents travel"
    );
}

#[test]
fn a_part_without_its_own_price_sells_at_its_categorys_markup() {
    let mut db = fresh();
    db.write(|tx| set_category_markup(tx, NOW, "filtres", "40"))
        .unwrap();
    let part = new_part(&mut db, "FH-1", "Filtre à huile");
    assert_eq!(part.price.map(Money::cents), Some(910), "6,50 € + 40 %");
}

#[test]
fn search_finds_a_part_by_any_reference_its_barcode_or_its_words() {
    let mut db = fresh();
    let input = PartInput {
        oem_reference: Some("77 01 208 265".into()),
        ean: Some("4006381333931".into()),
        equivalents: Some(vec!["LS-933".into()]),
        ..part_input("FH-2201", "Filtre à huile moteur")
    };
    let part = db
        .write(|tx| create_part(tx, NOW, Some(main_site()), &input, FR))
        .unwrap();
    new_part(&mut db, "PL-778", "Plaquettes de frein avant");
    let supplier = db
        .write(|tx| {
            create_supplier(
                tx,
                NOW,
                &SupplierInput {
                    name: Some("Autodistribution".into()),
                    ..SupplierInput::default()
                },
            )
        })
        .unwrap();
    db.write(|tx| {
        link_supplier(
            tx,
            NOW,
            part.id,
            supplier.id,
            Some("AD-55.12"),
            "5,90",
            true,
            FR,
        )
    })
    .unwrap();
    for query in [
        "fh2201",
        "FH 2201",
        "fh.22-01",
        "7701208265",
        "77.01.208",
        "4006381333931",
        "ls933",
        "AD5512",
        "filtre huile",
        "HUILE",
    ] {
        let hits = search(db.conn(), &Actor::system(), query, Some(main_site()), 10).unwrap();
        assert_eq!(
            hits.first().map(|h| h.id),
            Some(part.id),
            "{query:?} must find the oil filter first"
        );
    }
    assert!(
        search(db.conn(), &Actor::system(), "x", Some(main_site()), 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_exact_reference_ranks_before_longer_ones() {
    let mut db = fresh();
    let long = new_part(&mut db, "FH-22011", "Filtre long");
    let exact = new_part(&mut db, "FH-2201", "Filtre court");
    let hits = search(db.conn(), &Actor::system(), "fh2201", Some(main_site()), 10).unwrap();
    let ids: Vec<PartId> = hits.iter().map(|h| h.id).collect();
    assert_eq!(ids, [exact.id, long.id]);
}

#[test]
fn bad_references_and_barcodes_are_refused_and_nothing_is_written() {
    let mut db = fresh();
    new_part(&mut db, "FH-2201", "Filtre à huile");
    let before = count(&db, "outbox");
    let taken = part_input("fh 2201", "Autre filtre");
    let err = db
        .write(|tx| create_part(tx, NOW, Some(main_site()), &taken, FR))
        .unwrap_err();
    assert_eq!(refusal(err), (Field::Reference, Problem::ReferenceTaken));
    let bad_ean = PartInput {
        ean: Some("4006381333932".into()),
        ..part_input("X-1", "Pièce")
    };
    let err = db
        .write(|tx| create_part(tx, NOW, Some(main_site()), &bad_ean, FR))
        .unwrap_err();
    assert_eq!(
        err.message(FR),
        "« Code-barres (EAN) » doit compter 8 ou 13 chiffres avec une clé de contrôle juste : scannez-le de nouveau."
    );
    assert_eq!(count(&db, "outbox"), before, "nothing written");
    assert_eq!(count(&db, "parts"), 1);
}

#[test]
fn an_update_sends_only_the_changed_fields_and_keeps_the_rest() {
    let mut db = fresh();
    let part = new_part(&mut db, "FH-2201", "Filtre à huile");
    let input = PartInput {
        sale_price: Some("14".into()),
        ..PartInput::default()
    };
    let after = db
        .write(|tx| update_part(tx, NOW + 1, part.id, Some(main_site()), &input, FR))
        .unwrap();
    assert_eq!(after.description, "Filtre à huile");
    assert_eq!(after.sale.map(Money::cents), Some(1400));
    let last = crate::outbox::pending(db.conn(), u32::MAX)
        .unwrap()
        .into_iter()
        .rev()
        .find(|op| op.entity == "parts")
        .unwrap();
    assert_eq!(last.payload.to_string(), r#"{"sale_cents":1400}"#);
}

#[test]
fn an_equivalent_that_is_a_catalogue_part_is_shown_as_its_substitute() {
    let mut db = fresh();
    let other = new_part(&mut db, "L358A", "Filtre équivalent");
    let input = PartInput {
        equivalents: Some(vec!["L-358 A".into(), "XYZ".into()]),
        ..part_input("FH-2201", "Filtre à huile")
    };
    let part = db
        .write(|tx| create_part(tx, NOW, Some(main_site()), &input, FR))
        .unwrap();
    let page = part_page(db.conn(), &Actor::system(), part.id).unwrap();
    let subs: Vec<Option<PartId>> = page.equivalents.iter().map(|e| e.part_id).collect();
    assert_eq!(subs, [Some(other.id), None]);
}

#[test]
fn a_mechanic_looks_up_a_part_without_seeing_what_it_costs_or_sells_for() {
    let mut db = fresh();
    let part = new_part(&mut db, "FH-2201", "Filtre à huile");
    receive_qty(&mut db, part.id, "4", "6,00");
    let supplier = db
        .write(|tx| {
            create_supplier(
                tx,
                NOW,
                &SupplierInput {
                    name: Some("Autodistribution".into()),
                    ..SupplierInput::default()
                },
            )
        })
        .unwrap();
    db.write(|tx| {
        link_supplier(
            tx,
            NOW,
            part.id,
            supplier.id,
            Some("AD-1"),
            "5,80",
            true,
            FR,
        )
    })
    .unwrap();
    let mechanic = Actor {
        user: None,
        name: "Mécanicien".into(),
        roles: crate::access::Roles::of(&[crate::access::Role::Mechanic]),
    };

    let page = part_page(db.conn(), &mechanic, part.id).unwrap();
    assert_eq!(
        (
            page.part.cost.map(Money::cents),
            page.part.sale.map(Money::cents),
            page.part.price.map(Money::cents)
        ),
        (None, None, None),
        "the part's prices are not the mechanic's to see"
    );
    assert!(
        page.sites
            .iter()
            .all(|s| s.level.average_cost.map(Money::cents).is_none()
                && s.level.value.map(Money::cents).is_none())
    );
    assert_eq!(
        page.sites[0].level.on_hand.milli(),
        4000,
        "stock still shows"
    );
    assert!(
        page.movements
            .iter()
            .all(|m| m.unit_cost.map(Money::cents).is_none())
    );
    assert_eq!(page.suppliers.len(), 1, "who sells it still shows");
    assert_eq!(
        page.suppliers[0].price.map(Money::cents),
        None,
        "not at what price"
    );
    let hits = search(db.conn(), &mechanic, "fh2201", Some(main_site()), 10).unwrap();
    assert_eq!(hits[0].sale.map(Money::cents), None);

    let page = part_page(db.conn(), &Actor::system(), part.id).unwrap();
    assert_eq!(page.part.cost.map(Money::cents), Some(650));
    assert_eq!(
        page.sites[0].level.average_cost.map(Money::cents),
        Some(600)
    );
    assert_eq!(page.movements[0].unit_cost.map(Money::cents), Some(600));
    assert_eq!(page.suppliers[0].price.map(Money::cents), Some(580));
}
