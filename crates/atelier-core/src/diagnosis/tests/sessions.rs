//! A car diagnosed at the bench, on its order: the codes read or typed, the VIN checked,
//! the checks made, the findings turned into an estimate, the owner's fee
//! and titles.

use atelier_domain::{Money, Quantity};
use serde_json::json;

use crate::diagnosis::checks::{self, CheckInput};
use crate::diagnosis::findings::{self, FindingInput};
use crate::diagnosis::readings::{self, CodeInput, ReadingInput, VinCheck};
use crate::diagnosis::session::{self, CodeState, ReadingKind};
use crate::diagnosis::sessions::{self, StartInput, WriteUp};
use crate::diagnosis::{Session, SessionStatus, document, of_order, titles};
use crate::orders::canned::{self, CannedJobInput};
use crate::orders::recommendations::{self, RecommendationStatus, Severity, Source};
use crate::orders::tests::{FR, MINUTE, NOW, Shop, labour, part, refusal, shop};
use crate::orders::{self, LineKind, OrderStatus};
use crate::validation::{Field, Problem};
use crate::vehicles;

fn started(s: &mut Shop) -> (crate::orders::Order, Session) {
    let o = s.estimate();
    let karim = s.karim.clone();
    let session =
        s.db.write(|tx| sessions::start(tx, NOW, &karim, o.id, &StartInput::default()))
            .unwrap();
    (o, session)
}

fn typed(codes: &[(&str, CodeState)]) -> ReadingInput {
    ReadingInput {
        codes: codes
            .iter()
            .map(|(c, state)| CodeInput {
                code: (*c).to_owned(),
                state: *state,
            })
            .collect(),
        ..ReadingInput::default()
    }
}

fn coil_job(s: &mut Shop) -> atelier_domain::CannedJobId {
    let input = CannedJobInput {
        name: Some("Remplacement bobine d’allumage".into()),
        duration: Some("0,5".into()),
        lines: vec![
            labour("Remplacement bobine d’allumage", "0,5"),
            part("Bobine d’allumage", "1", "48,00"),
        ],
    };
    s.db.write(|tx| canned::create_canned_job(tx, NOW, &input, FR))
        .unwrap()
        .id
}

#[test]
fn a_diagnosis_starts_once_per_order_with_the_complaint_as_its_symptom() {
    let mut s = shop();
    let (o, first) = started(&mut s);
    assert_eq!(first.status, SessionStatus::Open);
    assert_eq!(first.vehicle_id, s.vehicle);
    assert_eq!(
        first.symptom.as_deref(),
        Some("Bruit au freinage à l’avant"),
        "the order's complaint, when the bench typed none"
    );
    assert_eq!(first.started_by, "Karim");
    let karim = s.karim.clone();
    let again =
        s.db.write(|tx| sessions::start(tx, NOW + MINUTE, &karim, o.id, &StartInput::default()))
            .unwrap();
    assert_eq!(
        again.id, first.id,
        "a second tap answers the open diagnosis"
    );
    assert_eq!(of_order(s.db.conn(), o.id).unwrap().len(), 1);
}

#[test]
fn codes_typed_in_lower_case_or_with_spaces_are_kept_with_their_french_title() {
    let mut s = shop();
    let (_, d) = started(&mut s);
    let karim = s.karim.clone();
    let input = typed(&[
        ("p0301", CodeState::Stored),
        (" P 0420 ", CodeState::Pending),
        ("P0301", CodeState::Stored),
    ]);
    let r =
        s.db.write(|tx| readings::record(tx, NOW, &karim, d.id, &input))
            .unwrap();
    assert_eq!(r.reading.kind, ReadingKind::Typed);
    assert_eq!(r.vin, VinCheck::NotGiven);
    let codes: Vec<(&str, CodeState)> = r
        .reading
        .codes
        .iter()
        .map(|c| (c.code.as_str(), c.state))
        .collect();
    assert_eq!(
        codes,
        [("P0301", CodeState::Stored), ("P0420", CodeState::Pending)],
        "normalised, once each, stored first"
    );
    let title = r.reading.codes[0].title.clone().unwrap();
    assert!(
        title.to_lowercase().contains("cylindre 1"),
        "a French title: {title}"
    );
    assert_eq!(
        session::get(s.db.conn(), d.id).unwrap().readings,
        [r.reading]
    );
}

#[test]
fn what_is_no_code_is_refused_in_french_and_nothing_is_written() {
    let mut s = shop();
    let (_, d) = started(&mut s);
    let (rows, ops) = (s.count("diagnosis_readings"), s.ops());
    let karim = s.karim.clone();
    let input = typed(&[("P0301", CodeState::Stored), ("X12", CodeState::Stored)]);
    let err =
        s.db.write(|tx| readings::record(tx, NOW, &karim, d.id, &input))
            .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(
        err.message(FR).contains("« X12 » n’est pas un code défaut"),
        "{}",
        err.message(FR)
    );
    assert_eq!(s.count("diagnosis_readings"), rows, "no reading");
    assert_eq!(s.ops(), ops, "no operation");
}

#[test]
fn the_car_s_vin_fills_the_vehicle_s_and_a_different_one_is_a_warning() {
    let mut s = shop();
    let (_, d) = started(&mut s);
    let karim = s.karim.clone();
    let read = |vin: &str| ReadingInput {
        from_car: true,
        vin: Some(vin.into()),
        mil: Some(true),
        details: Some(json!({ "protocol": "ISO 15765-4 CAN (11/500)" })),
        ..typed(&[("P0301", CodeState::Stored)])
    };
    let first =
        s.db.write(|tx| readings::record(tx, NOW, &karim, d.id, &read("VF3LCYHZPHS123456")))
            .unwrap();
    assert_eq!(first.vin, VinCheck::Filled);
    assert_eq!(first.reading.mil, Some(true));
    assert_eq!(
        vehicles::get(s.db.conn(), s.vehicle)
            .unwrap()
            .vin
            .as_deref(),
        Some("VF3LCYHZPHS123456")
    );
    let same = s
        .db
        .write(|tx| readings::record(tx, NOW + MINUTE, &karim, d.id, &read("VF3LCYHZPHS123456")))
        .unwrap();
    assert_eq!(same.vin, VinCheck::Same);
    let other =
        s.db.write(|tx| {
            readings::record(
                tx,
                NOW + 2 * MINUTE,
                &karim,
                d.id,
                &read("WVWZZZ1JZXW000001"),
            )
        })
        .unwrap();
    assert_eq!(
        other.vin,
        VinCheck::Mismatch {
            vehicle: "VF3LCYHZPHS123456".into(),
            car: "WVWZZZ1JZXW000001".into()
        }
    );
    assert_eq!(
        vehicles::get(s.db.conn(), s.vehicle)
            .unwrap()
            .vin
            .as_deref(),
        Some("VF3LCYHZPHS123456"),
        "a different car never changes the vehicle"
    );
}

#[test]
fn codes_are_cleared_only_once_the_mechanic_confirmed() {
    let mut s = shop();
    let (_, d) = started(&mut s);
    let karim = s.karim.clone();
    let ops = s.ops();
    let err =
        s.db.write(|tx| readings::record_clearing(tx, NOW, &karim, d.id, false))
            .unwrap_err();
    assert_eq!(err.code(), "diagnosis_clear_unconfirmed");
    assert_eq!(s.ops(), ops);
    let cleared =
        s.db.write(|tx| readings::record_clearing(tx, NOW, &karim, d.id, true))
            .unwrap();
    assert_eq!(cleared.kind, ReadingKind::Cleared);
    assert_eq!(cleared.by, "Karim");
}

#[test]
fn a_check_needs_what_was_found_and_keeps_a_measure_below_zero() {
    let mut s = shop();
    let (_, d) = started(&mut s);
    let karim = s.karim.clone();
    let trim = CheckInput {
        description: Some("Correction long terme banc 1".into()),
        value: Some("-12,5".into()),
        unit: Some("%".into()),
        ..CheckInput::default()
    };
    let c =
        s.db.write(|tx| checks::record(tx, NOW, &karim, d.id, &trim))
            .unwrap();
    assert_eq!(c.value, Some(Quantity::from_milli(-12_500)));
    let nothing = CheckInput {
        description: Some("Compression cylindre 2".into()),
        ..CheckInput::default()
    };
    let err =
        s.db.write(|tx| checks::record(tx, NOW, &karim, d.id, &nothing))
            .unwrap_err();
    assert_eq!(refusal(err), (Field::CheckResult, Problem::Required));
    assert_eq!(session::get(s.db.conn(), d.id).unwrap().checks, [c]);
}

#[test]
fn a_finding_with_its_canned_job_becomes_the_estimate_s_lines() {
    let mut s = shop();
    let (o, d) = started(&mut s);
    let job = coil_job(&mut s);
    let input = FindingInput {
        description: Some("Remplacer la bobine du cylindre 1".into()),
        severity: Some("urgent".into()),
        canned_job_id: Some(job.to_string()),
    };
    let found =
        s.db.write(|tx| findings::add(tx, NOW, d.id, &input))
            .unwrap();
    assert_eq!(found.source, Source::Diagnosis);
    assert_eq!(found.severity, Severity::Urgent);
    assert_eq!(found.source_session_id, Some(d.id));
    assert_eq!(found.canned_job_id, Some(job));
    assert_eq!(found.source_order_id, Some(o.id));
    assert_eq!(
        session::get(s.db.conn(), d.id).unwrap().findings,
        std::slice::from_ref(&found)
    );

    let desk = s.desk.clone();
    let vehicle = s.vehicle;
    let estimate =
        s.db.write(|tx| {
            recommendations::estimate_from_recommendations(
                tx,
                NOW + MINUTE,
                &desk,
                vehicle,
                &[found.id],
                FR,
            )
        })
        .unwrap();
    let lines = orders::lines::of_order(s.db.conn(), estimate.id).unwrap();
    let kinds: Vec<(LineKind, &str)> = lines
        .iter()
        .map(|l| (l.kind, l.description.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (LineKind::Labour, "Remplacement bobine d’allumage"),
            (LineKind::Part, "Bobine d’allumage")
        ],
        "the canned job's lines"
    );
    assert_eq!(
        lines[0].unit,
        Money::from_cents(6500),
        "labour at today's rate"
    );
    assert_eq!(
        recommendations::get(s.db.conn(), found.id).unwrap().status,
        RecommendationStatus::Accepted
    );
}

#[test]
fn a_finding_is_refused_without_a_description_or_with_an_unknown_job() {
    let mut s = shop();
    let (_, d) = started(&mut s);
    let ops = s.ops();
    let blank = FindingInput::default();
    let err =
        s.db.write(|tx| findings::add(tx, NOW, d.id, &blank))
            .unwrap_err();
    assert_eq!(refusal(err), (Field::Description, Problem::Required));
    let unknown = FindingInput {
        description: Some("Remplacer la sonde".into()),
        canned_job_id: Some(atelier_domain::CannedJobId::new().to_string()),
        ..FindingInput::default()
    };
    let err =
        s.db.write(|tx| findings::add(tx, NOW, d.id, &unknown))
            .unwrap_err();
    assert_eq!(refusal(err), (Field::JobName, Problem::NotAllowed));
    assert_eq!(s.ops(), ops);
}

#[test]
fn a_concluded_diagnosis_is_read_only_until_reopened() {
    let mut s = shop();
    let (_, d) = started(&mut s);
    let err = s.db.write(|tx| sessions::close(tx, NOW, d.id)).unwrap_err();
    assert_eq!(refusal(err), (Field::Conclusion, Problem::Required));
    let up = WriteUp {
        notes: Some("Raté franc au ralenti, bobine 1 permutée : le raté suit la bobine.".into()),
        conclusion: Some("Bobine du cylindre 1 hors service.".into()),
        ..WriteUp::default()
    };
    s.db.write(|tx| sessions::write_up(tx, NOW, d.id, &up))
        .unwrap();
    let closed = s.db.write(|tx| sessions::close(tx, NOW, d.id)).unwrap();
    assert_eq!(closed.status, SessionStatus::Closed);
    let karim = s.karim.clone();
    let err =
        s.db.write(|tx| {
            readings::record(
                tx,
                NOW,
                &karim,
                d.id,
                &typed(&[("P0301", CodeState::Stored)]),
            )
        })
        .unwrap_err();
    assert_eq!(err.code(), "diagnosis_closed");
    assert!(err.message(FR).contains("rouvrez-le"));
    let reopened = s.db.write(|tx| sessions::reopen(tx, NOW, d.id)).unwrap();
    assert_eq!(reopened.status, SessionStatus::Open);
    assert_eq!(
        reopened.conclusion.as_deref(),
        Some("Bobine du cylindre 1 hors service.")
    );
}

#[test]
fn the_owner_s_diagnosis_fee_is_added_to_the_order_s_first_diagnosis_only() {
    let mut s = shop();
    let fee = CannedJobInput {
        name: Some("Forfait diagnostic".into()),
        duration: Some("0,5".into()),
        lines: vec![labour("Diagnostic électronique", "0,5")],
    };
    let job =
        s.db.write(|tx| canned::create_canned_job(tx, NOW, &fee, FR))
            .unwrap()
            .id;
    let text = job.to_string();
    s.db.write(|tx| sessions::set_fee_job(tx, NOW, Some(&text)))
        .unwrap();
    assert_eq!(sessions::fee_job(s.db.conn()).unwrap(), Some(job));
    let (o, d) = started(&mut s);
    assert_eq!(d.fee_job_id, Some(job));
    let lines = orders::lines::of_order(s.db.conn(), o.id).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].description, "Diagnostic électronique");

    let up = WriteUp {
        conclusion: Some("Rien trouvé".into()),
        ..WriteUp::default()
    };
    s.db.write(|tx| sessions::write_up(tx, NOW, d.id, &up))
        .unwrap();
    s.db.write(|tx| sessions::close(tx, NOW, d.id)).unwrap();
    let karim = s.karim.clone();
    let second =
        s.db.write(|tx| sessions::start(tx, NOW + MINUTE, &karim, o.id, &StartInput::default()))
            .unwrap();
    assert_ne!(second.id, d.id);
    assert_eq!(second.fee_job_id, None, "the fee once per order");
    assert_eq!(orders::lines::of_order(s.db.conn(), o.id).unwrap().len(), 1);

    let err =
        s.db.write(|tx| sessions::set_fee_job(tx, NOW, Some("not an id")))
            .unwrap_err();
    assert_eq!(refusal(err), (Field::DiagnosisFee, Problem::NotAllowed));
}

#[test]
fn no_diagnosis_starts_on_a_cancelled_order() {
    let mut s = shop();
    let o = s.estimate();
    let desk = s.desk.clone();
    s.db.write(|tx| {
        orders::change_status(
            tx,
            NOW + MINUTE,
            &desk,
            o.id,
            OrderStatus::Cancelled,
            Some("Le client reprend sa voiture"),
        )
    })
    .unwrap();
    let (karim, ops) = (s.karim.clone(), s.ops());
    let err = s
        .db
        .write(|tx| sessions::start(tx, NOW + 2 * MINUTE, &karim, o.id, &StartInput::default()))
        .unwrap_err();
    assert_eq!(err.code(), "order_cancelled");
    assert_eq!(s.ops(), ops);
}

#[test]
fn the_owner_s_title_replaces_the_library_s_until_it_is_blanked() {
    let mut s = shop();
    let code = atelier_dtc::Code::parse("P0420").unwrap();
    let library = titles::explain(s.db.conn(), code, None, FR).unwrap();
    assert!(!library.corrected);
    let mine = "Catalyseur banc 1 : efficacité insuffisante";
    let set =
        s.db.write(|tx| titles::set_title(tx, NOW, "p0420", None, Some(mine)))
            .unwrap()
            .unwrap();
    assert_eq!(set.title, mine);
    assert_eq!(set.library, library.title);
    let now = titles::explain(s.db.conn(), code, None, FR).unwrap();
    assert_eq!(now.title.as_deref(), Some(mine));
    assert!(now.corrected);
    s.db.write(|tx| titles::set_title(tx, NOW + MINUTE, "P0420", None, Some(" ")))
        .unwrap();
    assert_eq!(
        titles::explain(s.db.conn(), code, None, FR).unwrap(),
        library
    );
    assert!(titles::owner_titles(s.db.conn()).unwrap().is_empty());
    let err =
        s.db.write(|tx| titles::set_title(tx, NOW, "Q1234", None, Some("x")))
            .unwrap_err();
    assert_eq!(err.code(), "validation");
}

#[test]
fn a_database_from_before_v22_keeps_its_recommendations_and_their_inspection_points() {
    use refinery::Target;
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    crate::db::embedded::migrations::runner()
        .set_target(Target::Version(20))
        .run(&mut conn)
        .unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         INSERT INTO customers (id, kind, last_name, sort_key, created_at, updated_at)
         VALUES ('c1', 'individual', 'Lefèvre', 'lefevre', 1, 1);
         INSERT INTO vehicles (id, customer_id, plate, sort_key, created_at, updated_at)
         VALUES ('v1', 'c1', 'AB-123-CD', 'AB123CD', 1, 1);
         INSERT INTO orders (id, estimate_number, order_number, status, customer_id, vehicle_id, created_at, updated_at)
         VALUES ('o1', 'D-2026-0001', 'OR-2026-0001', 'accepted', 'c1', 'v1', 1, 1);
         INSERT INTO vehicle_recommendations (id, vehicle_id, source_order_id, source, description,
                severity, status, created_at, updated_at)
         VALUES ('r1', 'v1', 'o1', 'inspection', 'Disques avant usés', 'urgent', 'open', 2, 2);
         INSERT INTO inspections (id, order_id, created_by_name, created_at, updated_at)
         VALUES ('i1', 'o1', 'Karim', 2, 2);
         INSERT INTO inspection_points (inspection_id, code, status, checked_by_name,
                recommendation_id, created_at, updated_at)
         VALUES ('i1', 'brake_discs_front', 'urgent', 'Karim', 'r1', 2, 2);",
    )
    .unwrap();
    crate::db::migrate(&mut conn).unwrap();
    let kept: (String, String, Option<String>) = conn
        .query_row(
            "SELECT source, description, source_session_id FROM vehicle_recommendations WHERE id = 'r1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        kept,
        ("inspection".into(), "Disques avant usés".into(), None)
    );
    let fk: bool = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert!(fk, "foreign keys are on again after migrating");
    let dangling: i64 = conn
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        dangling, 0,
        "the inspection point still finds its recommendation"
    );
}

#[test]
fn the_diagnosis_paper_says_the_codes_their_meaning_the_checks_and_the_work() {
    let mut s = shop();
    let (o, d) = started(&mut s);
    let karim = s.karim.clone();
    let read = ReadingInput {
        from_car: true,
        mil: Some(true),
        ..typed(&[("P0301", CodeState::Stored), ("P0171", CodeState::Pending)])
    };
    s.db.write(|tx| readings::record(tx, NOW, &karim, d.id, &read))
        .unwrap();
    let check = CheckInput {
        description: Some("Permutation des bobines 1 et 2".into()),
        result: Some("Le raté suit la bobine".into()),
        ..CheckInput::default()
    };
    s.db.write(|tx| checks::record(tx, NOW, &karim, d.id, &check))
        .unwrap();
    let up = WriteUp {
        conclusion: Some("Bobine d’allumage du cylindre 1 défectueuse.".into()),
        ..WriteUp::default()
    };
    s.db.write(|tx| sessions::write_up(tx, NOW, d.id, &up))
        .unwrap();
    let finding = FindingInput {
        description: Some("Remplacer la bobine du cylindre 1".into()),
        severity: Some("urgent".into()),
        ..FindingInput::default()
    };
    s.db.write(|tx| findings::add(tx, NOW, d.id, &finding))
        .unwrap();
    let pdf = document::pdf(s.db.conn(), d.id, FR, "2026-03-10").unwrap();
    let text = crate::papers_read::text_of(&pdf);
    crate::papers_read::assert_has(
        &text,
        &[
            &format!("Diagnostic {}", o.number()),
            "AB-123-CD",
            "P0301",
            "Confirmé",
            "P0171",
            "En attente",
            "cylindre 1",
            "Voyant moteur allumé à la lecture du 10/03/2026.",
            "Permutation des bobines 1 et 2",
            "Le raté suit la bobine",
            "Bobine d’allumage du cylindre 1 défectueuse.",
            "Remplacer la bobine du cylindre 1",
            "Urgent",
            "Karim",
        ],
    );
    let english = crate::papers_read::text_of(
        &document::pdf(s.db.conn(), d.id, atelier_domain::Locale::En, "2026-03-10").unwrap(),
    );
    crate::papers_read::assert_has(&english, &["Trouble codes", "Recommended work", "Pending"]);
}

#[test]
fn a_code_typed_in_the_search_box_comes_first_with_its_meaning_and_the_cars_that_had_it() {
    let mut s = shop();
    let (o, d) = started(&mut s);
    let karim = s.karim.clone();
    let before = crate::pages::search::find(s.db.conn(), "p0420", 12, FR).unwrap();
    assert_eq!(before[0].kind, crate::search::Kind::Code);
    assert_eq!(before[0].title, "P0420");
    assert!(
        !before[0].subtitle.contains("vu"),
        "no vehicle had it yet: {}",
        before[0].subtitle
    );
    s.db.write(|tx| {
        readings::record(
            tx,
            NOW,
            &karim,
            d.id,
            &typed(&[("P0420", CodeState::Stored)]),
        )
    })
    .unwrap();
    let hits = crate::pages::search::find(s.db.conn(), "P 0420", 12, FR).unwrap();
    assert!(
        hits[0].subtitle.ends_with("vu 1 fois à l’atelier"),
        "{}",
        hits[0].subtitle
    );
    let page = crate::pages::code::page(s.db.conn(), "p0420", FR).unwrap();
    assert_eq!(page.meaning.code, "P0420");
    assert!(page.meaning.title.is_some());
    assert_eq!(page.occurrences_total, 1);
    let seen = &page.occurrences[0];
    assert_eq!(seen.vehicle_id, s.vehicle);
    assert_eq!(seen.plate.as_deref(), Some("AB-123-CD"));
    assert_eq!(seen.order_id, o.id);
    assert_eq!(seen.state, CodeState::Stored);

    let plates = crate::pages::search::find(s.db.conn(), "AB-123", 12, FR).unwrap();
    assert!(
        plates.iter().all(|h| h.kind != crate::search::Kind::Code),
        "a plate is no code"
    );
    let err = crate::pages::code::page(s.db.conn(), "P3FFF", FR).unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = crate::pages::code::page(s.db.conn(), "hello", FR).unwrap_err();
    assert_eq!(err.code(), "validation");
}

#[test]
fn a_misfire_code_starts_the_engine_light_tree_at_its_misfire_question_and_its_outcome_becomes_a_finding()
 {
    use crate::diagnosis::walk::{Answer, Reached};
    use crate::diagnosis::{NodeId, shipped};
    let mut s = shop();
    s.db.write(shipped::seed).unwrap();
    let (_, d) = started(&mut s);
    let job = coil_job(&mut s);
    let karim = s.karim.clone();
    s.db.write(|tx| {
        readings::record(
            tx,
            NOW,
            &karim,
            d.id,
            &typed(&[("P0302", CodeState::Stored)]),
        )
    })
    .unwrap();
    let d = session::get(s.db.conn(), d.id).unwrap();
    let offer = &d.suggested[0];
    assert_eq!(offer.name.fr, "Voyant moteur allumé");
    assert_eq!(offer.codes, ["P0302"]);
    assert_eq!(offer.start, Some(NodeId("rates".into())));
    let (tree, start) = (offer.tree_id, offer.start.clone());
    let d =
        s.db.write(|tx| sessions::choose_tree(tx, NOW, d.id, Some(tree), start))
            .unwrap();
    let asked = |d: &Session| match &d.guide.as_ref().unwrap().walk.at {
        Reached::Question { node } => node.id.0.clone(),
        Reached::Outcome { node, .. } => format!("outcome {}", node.0),
    };
    assert_eq!(asked(&d), "rates");
    let err =
        s.db.write(|tx| findings::from_outcome(tx, NOW, d.id))
            .unwrap_err();
    assert_eq!(
        refusal(err),
        (Field::Answer, Problem::Required),
        "no conclusion yet"
    );
    for (node, choice) in [("rates", "un"), ("permuter_bobine", "suit")] {
        let node = NodeId(node.into());
        s.db.write(|tx| sessions::answer(tx, NOW, d.id, &node, Answer::Choice(choice.into())))
            .unwrap();
    }
    let d = session::get(s.db.conn(), d.id).unwrap();
    assert_eq!(asked(&d), "outcome o_bobine");
    assert_eq!(d.guide.as_ref().unwrap().walk.path.len(), 2);
    let bad = NodeId("bougie".into());
    let err =
        s.db.write(|tx| sessions::answer(tx, NOW, d.id, &bad, Answer::Choice("oui".into())))
            .unwrap_err();
    assert_eq!(err.code(), "diagnosis_not_asked", "a question off the way");
    let found =
        s.db.write(|tx| findings::from_outcome(tx, NOW, d.id))
            .unwrap();
    assert_eq!(
        found.canned_job_id,
        Some(job),
        "the tree's job, by its name"
    );
    assert_eq!(found.description, "Remplacement bobine d’allumage");
    assert_eq!(found.severity, Severity::Urgent);
    // The vehicle's page lists it: its order, the code, the likely cause.
    let past = crate::diagnosis::of_vehicle(s.db.conn(), d.vehicle_id).unwrap();
    assert_eq!(past.len(), 1);
    assert_eq!(past[0].order_id, d.order_id);
    assert!(past[0].order_number.is_some());
    assert_eq!(past[0].codes, ["P0302"]);
    assert_eq!(past[0].tree.as_ref().unwrap().fr, "Voyant moteur allumé");
    assert_eq!(
        past[0].likely_cause.as_ref().unwrap().fr,
        "Bobine d’allumage défaillante"
    );
    assert_eq!(past[0].findings, 1);
    let paper =
        crate::papers_read::text_of(&document::pdf(s.db.conn(), d.id, FR, "2026-03-10").unwrap());
    crate::papers_read::assert_has(
        &paper,
        &[
            "Diagnostic guidé : Voyant moteur allumé",
            "le raté suit-il la bobine ?",
            "Cause probable : Bobine d’allumage défaillante",
        ],
    );
    let back =
        s.db.write(|tx| {
            sessions::answer(
                tx,
                NOW,
                d.id,
                &NodeId("permuter_bobine".into()),
                Answer::Choice("reste".into()),
            )
        })
        .unwrap();
    assert_eq!(
        asked(&back),
        "bougie",
        "a changed answer takes the other way"
    );
    assert_eq!(back.answers.len(), 2);
}

#[test]
fn a_customer_s_export_holds_their_car_s_diagnosis_and_anonymising_them_erases_what_they_said() {
    let mut s = shop();
    let (_, d) = started(&mut s);
    let karim = s.karim.clone();
    s.db.write(|tx| {
        readings::record(
            tx,
            NOW,
            &karim,
            d.id,
            &typed(&[("P0420", CodeState::Stored)]),
        )
    })
    .unwrap();
    let up = WriteUp {
        notes: Some("Mme Lefèvre dit que le voyant s’allume sur autoroute.".into()),
        ..WriteUp::default()
    };
    s.db.write(|tx| sessions::write_up(tx, NOW, d.id, &up))
        .unwrap();
    let customer = s.customer;
    let export = crate::privacy::export::document(s.db.conn(), customer, NOW, FR).unwrap();
    let records = &export["records"];
    assert_eq!(records["diagnosis_sessions"].as_array().unwrap().len(), 1);
    assert_eq!(
        records["diagnosis_readings"][0]["codes"][0]["code"], "P0420",
        "the codes as JSON"
    );
    s.db.write(|tx| crate::privacy::anonymise(tx, NOW + MINUTE, customer))
        .unwrap();
    let after = session::get(s.db.conn(), d.id).unwrap();
    assert_eq!(after.symptom, None, "the complaint it started from");
    assert_eq!(after.notes, None);
    assert_eq!(
        after.readings.len(),
        1,
        "the car's codes stay: the workshop's record"
    );
}
