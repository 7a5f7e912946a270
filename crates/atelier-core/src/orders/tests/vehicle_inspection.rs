//! The inspection checklist and what it leaves on the vehicle.

use atelier_domain::Quantity;

use super::*;
use crate::orders::inspection::{self, PointInput, PointStatus, TEMPLATE};
use crate::orders::recommendations::{self, RecommendationStatus, Severity};
use crate::validation::{Field, Problem};

fn point(status: Option<&str>, measure: Option<&str>, comment: Option<&str>) -> PointInput {
    PointInput {
        status: status.map(Into::into),
        measure: measure.map(Into::into),
        comment: comment.map(Into::into),
    }
}

#[test]
fn amber_and_red_points_become_recommendations_and_green_dismisses_them() {
    let mut s = shop();
    let o = s.accepted();
    let karim = s.karim.clone();
    let record = |s: &mut Shop, code: &str, p: PointInput| {
        s.db.write(|tx| inspection::record_point(tx, NOW, &karim, o.id, code, &p, FR))
    };
    let pads = record(
        &mut s,
        "brake_pads_front",
        point(None, Some("15"), Some("à remplacer")),
    )
    .unwrap();
    assert_eq!(pads.status, Some(PointStatus::Urgent), "15 % suggests red");
    assert_eq!(pads.measure.map(Quantity::milli), Some(15_000));
    let tyres = record(&mut s, "tyres_rear", point(None, Some("2,5"), None)).unwrap();
    assert_eq!(
        tyres.status,
        Some(PointStatus::Watch),
        "2,5 mm suggests amber"
    );
    record(&mut s, "lights", point(Some("ok"), None, None)).unwrap();
    let wipers = record(&mut s, "wipers", point(Some("watch"), None, Some("traces"))).unwrap();

    let open = recommendations::open_recommendations(s.db.conn(), s.vehicle).unwrap();
    let found: Vec<_> = open
        .iter()
        .map(|r| (r.severity, r.description.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Severity::Urgent,
                "Plaquettes de frein AV : 15\u{a0}% — à remplacer"
            ),
            (Severity::Watch, "Pneus AR (profondeur) : 2,5\u{a0}mm"),
            (Severity::Watch, "Balais d’essuie-glace — traces"),
        ],
        "urgent first, then as found"
    );

    // Re-checked: the same recommendation is revised, then dismissed when green.
    let worse = record(
        &mut s,
        "wipers",
        point(Some("urgent"), None, Some("arrachés")),
    )
    .unwrap();
    assert_eq!(
        worse.recommendation_id, wipers.recommendation_id,
        "revised, not duplicated"
    );
    record(&mut s, "wipers", point(Some("ok"), None, Some("remplacés"))).unwrap();
    let r = recommendations::get(s.db.conn(), wipers.recommendation_id.unwrap()).unwrap();
    assert_eq!(r.status, RecommendationStatus::Dismissed);
    assert_eq!(
        recommendations::open_recommendations(s.db.conn(), s.vehicle)
            .unwrap()
            .len(),
        2
    );

    let i = inspection::of_order(s.db.conn(), o.id, FR)
        .unwrap()
        .unwrap();
    assert_eq!(
        i.points.len(),
        TEMPLATE.len(),
        "every template point, checked or not"
    );
    assert_eq!(i.created_by, "Karim");
    assert_eq!(i.points.iter().filter(|p| p.status.is_some()).count(), 4);
    let en = inspection::of_order(s.db.conn(), o.id, Locale::En)
        .unwrap()
        .unwrap();
    assert_eq!(en.points[0].label, "Front tyres (tread)");

    let err = record(&mut s, "flux_capacitor", point(Some("ok"), None, None)).unwrap_err();
    assert_eq!(refusal(err), (Field::InspectionPoint, Problem::NotAllowed));
    let err = record(&mut s, "battery", point(None, None, None)).unwrap_err();
    assert_eq!(refusal(err), (Field::PointStatus, Problem::Required));
    let err = record(&mut s, "tyres_front", point(None, Some("-1"), None)).unwrap_err();
    assert_eq!(refusal(err), (Field::Measure, Problem::Negative));
}

#[test]
fn the_front_desk_turns_inspection_findings_into_an_estimate() {
    let mut s = shop();
    let o = s.accepted();
    let karim = s.karim.clone();
    let p = point(Some("urgent"), Some("1"), None);
    s.db.write(|tx| inspection::record_point(tx, NOW, &karim, o.id, "tyres_front", &p, FR))
        .unwrap();
    let open = recommendations::open_recommendations(s.db.conn(), s.vehicle).unwrap();
    let (desk, vehicle) = (s.desk.clone(), s.vehicle);
    let ids = vec![open[0].id];
    let next =
        s.db.write(|tx| {
            recommendations::estimate_from_recommendations(tx, NOW, &desk, vehicle, &ids, FR)
        })
        .unwrap();
    let lines = lines::of_order(s.db.conn(), next.id).unwrap();
    assert_eq!(lines[0].kind, LineKind::Labour);
    assert_eq!(lines[0].description, "Pneus AV (profondeur) : 1\u{a0}mm");
    assert_eq!(
        lines[0].quantity.milli(),
        0,
        "hours left for the desk to fill"
    );
    assert_eq!(lines[0].unit, atelier_domain::Money::from_cents(6500));
}
