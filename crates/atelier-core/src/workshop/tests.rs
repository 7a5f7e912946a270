use super::*;
use crate::access::Role;
use crate::db::test_db;
use crate::users::UserInput;

const NOW: u64 = 1_763_700_000_000;

fn garage() -> WorkshopInput {
    WorkshopInput {
        name: Some("Garage des Tilleuls".into()),
        legal_form: Some("SARL".into()),
        capital: Some("10 000".into()),
        address_line1: Some("12 rue des Tilleuls".into()),
        postal_code: Some("69003".into()),
        city: Some("Lyon".into()),
        siret: Some("732 829 320 00074".into()),
        rcs: Some("RCS Lyon 732 829 320".into()),
        vat_number: Some("FR44732829320".into()),
        phone: Some("04 78 00 00 00".into()),
        email: Some("contact@tilleuls.fr".into()),
        default_vat: Some("20 %".into()),
        estimate_valid_days: Some("30".into()),
        rates: vec![
            RateInput {
                code: "mechanics".into(),
                label: None,
                hourly: Some("65,00".into()),
            },
            RateInput {
                code: "bodywork".into(),
                label: None,
                hourly: Some("58".into()),
            },
            RateInput {
                code: "paint".into(),
                label: None,
                hourly: Some("62,50".into()),
            },
        ],
        ..WorkshopInput::default()
    }
}

fn owner() -> UserInput {
    UserInput {
        login: Some("sophie".into()),
        display_name: Some("Sophie Martin".into()),
        roles: vec![],
        password: Some("garage-2026".into()),
        ..UserInput::default()
    }
}

fn station_input() -> StationInput {
    StationInput {
        series_prefix: Some("s1a".into()),
        idle_minutes: Some("10".into()),
    }
}

#[test]
fn the_first_run_sets_up_the_workshop_the_station_and_the_owner_once() {
    let mut db = test_db();
    assert!(!is_set_up(db.conn()).unwrap());
    let sophie = db
        .write(|tx| set_up(tx, NOW, Locale::Fr, &garage(), &station_input(), &owner()))
        .unwrap();
    assert!(
        sophie.roles.has(Role::Owner),
        "the first account is the owner's"
    );
    let w = get(db.conn()).unwrap();
    assert_eq!(w.name, "Garage des Tilleuls");
    assert_eq!(w.siret.as_deref(), Some("732 829 320 00074"));
    assert_eq!(w.rate("mechanics"), Some(Money::from_cents(6500)));
    assert_eq!(w.rate("paint"), Some(Money::from_cents(6250)));
    assert_eq!(w.rates[1].label, "Carrosserie");
    let head = w.letterhead(Locale::Fr);
    assert_eq!(head[0], "SARL au capital de 10\u{202f}000,00\u{a0}€");
    assert!(head.contains(&"69003 Lyon".to_owned()), "{head:?}");
    assert!(
        head.iter()
            .any(|l| l.starts_with("SIRET 732 829 320 00074")),
        "{head:?}"
    );
    assert_eq!(
        station(db.conn()).unwrap(),
        Station {
            series_prefix: Some("S1A".into()),
            idle_minutes: 10
        }
    );

    let trail = crate::audit::of_record(db.conn(), "workshop", "1").unwrap();
    assert_eq!(
        trail[0].user_name.as_deref(),
        Some("Sophie Martin"),
        "the wizard is the owner's doing"
    );
    assert_eq!(
        crate::access::author_actor(db.conn()).unwrap(),
        None,
        "later writes are the system's again"
    );

    let again = db
        .write(|tx| set_up(tx, NOW, Locale::Fr, &garage(), &station_input(), &owner()))
        .unwrap_err();
    assert_eq!(
        again.message(Locale::Fr),
        "L’atelier est déjà configuré : identifiez-vous."
    );
}

#[test]
fn bad_identity_input_names_the_field_and_writes_nothing() {
    let mut db = test_db();
    type Spoil = fn(&mut WorkshopInput);
    let cases: Vec<(Spoil, &str)> = vec![
        (|w| w.name = Some("  ".into()), "name"),
        (|w| w.siret = Some("732 829 320 00075".into()), "siret"),
        (|w| w.capital = Some("dix mille".into()), "capital"),
        (|w| w.default_vat = Some("120".into()), "default_vat"),
        (
            |w| w.estimate_valid_days = Some("0".into()),
            "estimate_valid_days",
        ),
        (|w| w.rates[0].hourly = Some("-5".into()), "hourly_rate"),
        (|w| w.email = Some("contact@".into()), "email"),
    ];
    for (spoil, field) in cases {
        let mut input = garage();
        spoil(&mut input);
        let err = db
            .write(|tx| set_up(tx, NOW, Locale::Fr, &input, &station_input(), &owner()))
            .unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
    }
    let mut weak = owner();
    weak.password = Some("sophie".into());
    assert!(
        db.write(|tx| set_up(tx, NOW, Locale::Fr, &garage(), &station_input(), &weak))
            .is_err()
    );
    let bad_series = StationInput {
        series_prefix: Some("S-1".into()),
        idle_minutes: None,
    };
    let err = db
        .write(|tx| set_up(tx, NOW, Locale::Fr, &garage(), &bad_series, &owner()))
        .unwrap_err();
    assert_eq!(err.field(), Some("series_prefix"));
    assert!(
        !is_set_up(db.conn()).unwrap(),
        "a refused wizard writes nothing"
    );
    assert_eq!(crate::outbox::pending_count(db.conn()).unwrap(), 0);
}

#[test]
fn an_edit_sends_only_what_changed_and_the_logo_must_be_a_small_png() {
    let mut db = test_db();
    db.write(|tx| set_up(tx, NOW, Locale::Fr, &garage(), &station_input(), &owner()))
        .unwrap();
    let before = crate::outbox::pending_count(db.conn()).unwrap();
    let mut edit = garage();
    edit.city = Some("Villeurbanne".into());
    db.write(|tx| save(tx, NOW + 1, &edit, Locale::Fr)).unwrap();
    assert_eq!(
        crate::outbox::pending_count(db.conn()).unwrap(),
        before + 1,
        "one field, one operation, rates unchanged"
    );
    let history = crate::audit::of_record(db.conn(), "workshop", "1").unwrap();
    assert_eq!(
        history.last().unwrap().changes["city"],
        serde_json::json!(["Lyon", "Villeurbanne"])
    );

    let err = db
        .write(|tx| set_logo(tx, NOW, Some(b"GIF89a...")))
        .unwrap_err();
    assert_eq!(err.field(), Some("logo"));
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(LOGO_MAX_BYTES + 1, 0);
    assert!(db.write(|tx| set_logo(tx, NOW, Some(&big))).is_err());
    let png = b"\x89PNG\r\n\x1a\nrest-of-image".to_vec();
    assert!(
        db.write(|tx| set_logo(tx, NOW, Some(&png)))
            .unwrap()
            .has_logo
    );
    assert_eq!(logo(db.conn()).unwrap(), Some(png));
    assert!(!db.write(|tx| set_logo(tx, NOW, None)).unwrap().has_logo);
}

#[test]
fn the_idle_lock_is_five_minutes_until_set_and_bounded() {
    let mut db = test_db();
    assert_eq!(
        station(db.conn()).unwrap().idle_minutes,
        DEFAULT_IDLE_MINUTES
    );
    let never = StationInput {
        series_prefix: None,
        idle_minutes: Some("0".into()),
    };
    assert_eq!(
        db.write(|tx| save_station(tx, &never))
            .unwrap()
            .idle_minutes,
        0
    );
    let silly = StationInput {
        series_prefix: None,
        idle_minutes: Some("9999".into()),
    };
    assert_eq!(
        db.write(|tx| save_station(tx, &silly)).unwrap_err().field(),
        Some("idle_minutes")
    );
}
