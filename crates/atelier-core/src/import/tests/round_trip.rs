//! Export then import: the CSV files Atelier writes are the ones it reads.

use super::*;
use crate::exports;
use crate::vehicles::{Gearbox, VehicleInput};
use serde_json::json;

#[test]
fn an_export_imports_back_into_a_fresh_database_as_it_was() {
    let mut source = test_db();
    let people = [
        CustomerInput {
            kind: Some("company".into()),
            company_name: Some("Transports Éole".into()),
            registration: Some("732 829 320 00074".into()),
            phone: Some("01 44 55 66 77".into()),
            postal_code: Some("01000".into()),
            city: Some("Bourg-en-Bresse".into()),
            notes: Some("Flotte de 3 véhicules; \"facturer au siège\"\nle 5".into()),
            marketing_consent: true,
            ..Default::default()
        },
        CustomerInput {
            civility: Some("Mme".into()),
            first_name: Some("Hélène".into()),
            last_name: Some("Lefèvre".into()),
            email: Some("helene@example.fr".into()),
            phone: Some("+44 20 7946 0958".into()),
            ..Default::default()
        },
        CustomerInput {
            last_name: Some("Sans-Voiture".into()),
            postal_code: Some("75011".into()),
            ..Default::default()
        },
    ];
    let ids: Vec<CustomerId> = people.iter().map(|p| db_create(&mut source, p)).collect();
    let cars = [
        (
            ids[0],
            "AB-123-CD",
            Some("diesel"),
            Some("manual"),
            Some("120000"),
        ),
        (
            ids[0],
            "EF-456-GH",
            Some("plugin_hybrid"),
            Some("automatic"),
            None,
        ),
        (ids[1], "1234 AB 56", None, None, Some("56 000")),
    ];
    for (owner, plate, fuel, gearbox, km) in cars {
        let input = VehicleInput {
            customer_id: Some(owner.to_string()),
            plate: Some(plate.into()),
            vin: (plate == "AB-123-CD").then(|| "VF1RFB00065432109".into()),
            fuel: fuel.map(Into::into),
            gearbox: gearbox.map(Into::into),
            first_registration: Some("2019-03-01".into()),
            mileage: km.map(|k| json!(k)),
            ..Default::default()
        };
        source
            .write(|tx| vehicles::create(tx, NOW, &input))
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = exports::customers_csv(source.conn(), NOW, dir.path()).unwrap();
    assert!(file.ends_with("clients-2023-11-14.csv"));
    let bytes = std::fs::read(&file).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(
        text.starts_with("\u{feff}type;civilite;prenom;nom;societe;"),
        "BOM, then the header"
    );
    assert!(
        text.contains(";oui;") && text.contains(";non;"),
        "consent as oui/non"
    );
    assert!(
        text.contains("hybride rechargeable;automatique"),
        "French words"
    );
    assert!(text.contains("01 44 55 66 77"), "phones in national form");
    assert_eq!(
        text.matches("\r\n").count(),
        5,
        "CRLF after the header and four lines"
    );

    let mut copy = test_db();
    let report = import(&mut copy, &bytes, Mode::AllOrNothing);
    assert_eq!(report.errors, []);
    assert_eq!((report.rows, report.customers, report.vehicles), (4, 3, 3));
    assert_eq!(names(&copy), names(&source));
    assert_eq!(
        fleet(&copy),
        fleet(&source),
        "plates, owners, phones, mileage"
    );
    let eole = |db: &Db| {
        let q = ListQuery {
            query: Some("Eole".into()),
            ..Default::default()
        };
        customers::list(db.conn(), &q).unwrap().items.remove(0)
    };
    let (a, b) = (eole(&source), eole(&copy));
    assert_eq!(
        (&b.siret, &b.notes, b.marketing_consent, &b.postal_code),
        (&a.siret, &a.notes, a.marketing_consent, &a.postal_code)
    );

    let vehicles_file = exports::vehicles_csv(source.conn(), NOW, dir.path()).unwrap();
    assert!(vehicles_file.ends_with("vehicules-2023-11-14.csv"));
    let mut from_vehicles = test_db();
    let report = import(
        &mut from_vehicles,
        &std::fs::read(vehicles_file).unwrap(),
        Mode::AllOrNothing,
    );
    assert_eq!(report.errors, []);
    assert_eq!((report.rows, report.customers, report.vehicles), (3, 2, 3));
    assert_eq!(fleet(&from_vehicles), fleet(&source));
    let copied = vehicles::list(from_vehicles.conn(), &Default::default()).unwrap();
    let plug_in = copied
        .items
        .iter()
        .find(|v| v.plate.as_deref() == Some("EF-456-GH"))
        .map(|v| vehicles::get(from_vehicles.conn(), v.id).unwrap())
        .unwrap();
    assert_eq!(
        (
            plug_in.fuel,
            plug_in.gearbox,
            plug_in.first_registration.as_deref()
        ),
        (
            Some(Fuel::PluginHybrid),
            Some(Gearbox::Automatic),
            Some("2019-03-01")
        )
    );
}

fn db_create(db: &mut Db, input: &CustomerInput) -> CustomerId {
    db.write(|tx| customers::create(tx, NOW, input))
        .expect("a valid customer")
        .id
}

#[test]
fn a_foreign_plate_on_a_french_customer_s_car_comes_back_foreign() {
    let mut source = test_db();
    let owner = db_create(
        &mut source,
        &CustomerInput {
            last_name: Some("Dupont".into()),
            ..Default::default()
        },
    );
    let input = VehicleInput {
        customer_id: Some(owner.to_string()),
        plate: Some("B-AP 731".into()),
        plate_foreign: true,
        ..Default::default()
    };
    source
        .write(|tx| vehicles::create(tx, NOW, &input))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = exports::customers_csv(source.conn(), NOW, dir.path()).unwrap();
    let bytes = std::fs::read(file).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains(";B-AP 731;oui;"));

    let mut copy = test_db();
    let report = import(&mut copy, &bytes, Mode::AllOrNothing);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let page = vehicles::list(copy.conn(), &Default::default()).unwrap();
    assert_eq!(
        page.items[0].plate_kind,
        Some(atelier_domain::PlateKind::Foreign)
    );
}
